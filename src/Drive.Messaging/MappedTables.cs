using Microsoft.EntityFrameworkCore;

namespace Drive.Messaging;

/// <summary>Names of the tables this library maps into a service's DbContext, for its hand-written SQL.</summary>
internal static class MappedTables
{
    /// <summary>
    /// The table of <typeparamref name="TEntity"/>, schema-qualified and quoted, as <paramref name="db"/> maps it;
    /// throws naming <paramref name="mappingCall"/> when the context does not map it.
    /// </summary>
    public static string QualifiedName<TEntity>(DbContext db, string mappingCall)
    {
        var entity = db.Model.FindEntityType(typeof(TEntity))
            ?? throw new InvalidOperationException(
                $"{db.GetType().Name} does not map {typeof(TEntity).Name}; call {mappingCall} in OnModelCreating.");
        var table = entity.GetTableName()
            ?? throw new InvalidOperationException($"{typeof(TEntity).Name} is not mapped to a table.");
        var schema = entity.GetSchema();
        return schema is null ? $"\"{table}\"" : $"\"{schema}\".\"{table}\"";
    }
}

using Azure.Storage.Blobs;
using Drive.Contracts.Events;
using Drive.Files.Api;
using Drive.Files.Caching;
using Drive.Files.Data;
using Drive.Files.Items;
using Drive.Files.Storage;
using Drive.Files.Thumbnails;
using Drive.Files.Uploads;
using Drive.Messaging;
using Drive.ServiceDefaults.Lifecycle;
using Drive.ServiceDefaults.Security;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Drive.Files;

/// <summary>The registrations and endpoints of the files service.</summary>
public static class FilesServiceExtensions
{
    /// <summary>The consumer name; queues are <c>files.{eventName}</c>.</summary>
    public const string ConsumerName = "files";

    /// <summary>Adds the database, blob storage, messaging, services and background jobs of Drive.Files.</summary>
    public static WebApplicationBuilder AddFilesService(this WebApplicationBuilder builder)
    {
        // First, so migrations and containers are in place before the relay and consumers start.
        builder.Services.AddHostedService<FilesStartup>();
        builder.AddDriveAuthentication();
        builder.Services.AddOptions<FilesOptions>().BindConfiguration(FilesOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<DriveSharedOptions>().BindConfiguration(DriveSharedOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOpenApi();
        builder.Services.TryAddSingleton(TimeProvider.System);

        // Explicit transactions (item + outbox event) are used, which EF's retrying strategy does not allow.
        // Cache invalidations run when the transaction that made the change commits (CommitHooks).
        var limits = builder.GetServiceLimits();
        var commitHooks = new CommitHooks();
        builder.AddNpgsqlDbContext<FilesDbContext>("filesdb", settings =>
        {
            settings.DisableRetry = true;
            settings.ConnectionString = limits.CapPool(settings.ConnectionString);
        }, options => options.AddInterceptors(commitHooks));
        builder.AddMetadataCache(commitHooks);
        builder.Services.AddFilesHealthAnswer();
        builder.Services.AddSingleton(_ => new BlobServiceClient(
            builder.Configuration.GetConnectionString("blobs")
                ?? throw new InvalidOperationException("The connection string \"blobs\" is missing."),
            new BlobClientOptions(BlobClientOptions.ServiceVersion.V2026_06_06)));
        builder.Services.AddSingleton<BlobStore>();
        builder.Services.AddSingleton<ThumbnailRenditions>();

        builder.AddDriveMessaging("rabbitmq");
        builder.Services.AddOutboxRelay<FilesDbContext>();
        builder.Services.AddEventConsumerWithInbox<ThumbnailReady, ThumbnailReadyHandler, FilesDbContext>(ConsumerName);
        builder.Services.AddEventConsumerWithInbox<ThumbnailFailed, ThumbnailFailedHandler, FilesDbContext>(ConsumerName);

        // Hashing reads the whole blob, too long to hold a transaction open; the handler guards itself instead: it
        // fills a hash only while the item still has that content and no hash.
        builder.Services.AddEventConsumer<FileUploaded, ContentHashHandler>(ConsumerName);

        builder.Services.AddScoped<ItemService>();
        builder.Services.AddScoped<UploadService>();
        builder.Services.AddHostedService<ExpiredUploadsCleaner>();
        return builder;
    }

    /// <summary>Maps the public API (/api/folders, items, trash, uploads, usage) and the OpenAPI document.</summary>
    public static WebApplication MapFilesApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseAuthorization();

        app.MapOpenApi();
        app.MapFoldersApi();
        app.MapItemsApi();
        app.MapTrashApi();
        app.MapUploadsApi();
        app.MapUsageApi();
        return app;
    }
}

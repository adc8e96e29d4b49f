using Drive.Auth;
using Drive.Auth.Data;
using Drive.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddAuthService();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapAuthService();

await app.MigrateAuthDatabaseAsync();
await app.RunAsync();

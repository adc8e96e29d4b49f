using Drive.Files;
using Drive.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddFilesService();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapFilesApi();

app.Run();

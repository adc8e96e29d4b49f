using Drive.ServiceDefaults;
using Drive.Thumbnails;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddThumbnails();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();

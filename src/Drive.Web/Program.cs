using Drive.ServiceDefaults;
using Drive.Web.FrontEnd;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddFrontEnd();

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapFrontEnd();

app.Run();

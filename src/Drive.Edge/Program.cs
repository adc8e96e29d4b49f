using Drive.Edge;
using Drive.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddEdge();

var app = builder.Build();

// Only the probes: /health passes through to a gateway, which answers for the whole Drive.
app.MapProbeEndpoints();
app.MapEdge();

await app.RunAsync();

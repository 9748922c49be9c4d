using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orchestrator.Grains.Hosting;

// A standalone worker silo. Outside a cluster it uses localhost clustering (Orchestrator:Silo ports) and
// in-memory storage; a Client.Api in Gateway mode connects to it.
var builder = Host.CreateApplicationBuilder(args);
builder.UseOrleans(silo => silo.UseOrchestratorLocalhost(builder.Configuration));

var host = builder.Build();
host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.Register(
    () => Console.WriteLine("Orchestrator silo started."));
await host.RunAsync();

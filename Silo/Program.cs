using Orchestrator.Grains.Hosting;
using Orchestrator.Grains.Observability;
using Orchestrator.Silo.Hosting;
using Orchestrator.Silo.Migrations;

// A worker silo. `Silo migrate` applies the sql/ schema and exits; otherwise the silo runs in the mode of
// Orchestrator:Mode — Localhost (default, in memory) or Cluster (PostgreSQL).
Orchestrator.Grains.Observability.OrchestratorMetrics.ConfigureDefaults();
var migrateOnly = args.FirstOrDefault() == "migrate";
var builder = Host.CreateApplicationBuilder(migrateOnly ? args[1..] : args);
var configuration = builder.Configuration;
var mode = configuration.GetValue("Orchestrator:Mode", SiloMode.Localhost);

if (migrateOnly)
{
    var applied = await DatabaseMigrator.MigrateAsync(ClusterSettings.RequireConnectionString(configuration));
    Console.WriteLine(applied.Count == 0 ? "Schema is up to date." : $"Applied: {string.Join(", ", applied)}");
    return;
}
if (mode == SiloMode.Cluster && configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>()?.MigrateOnStart == true)
{
    await DatabaseMigrator.MigrateAsync(ClusterSettings.RequireConnectionString(configuration));
}

builder.Logging.AddOrchestratorConsole(json: mode == SiloMode.Cluster);
builder.UseOrleans(silo =>
{
    if (mode == SiloMode.Cluster) silo.UseOrchestratorCluster(configuration);
    else silo.UseOrchestratorLocalhost(configuration);
});

builder.Services.AddHostedService<Orchestrator.Grains.Observability.MetricsPortServer>();
builder.Services.AddOrchestratorTracing(configuration, "orchestrator-silo");
var host = builder.Build();
host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.Register(
    () => Console.WriteLine($"Orchestrator silo started ({mode} mode)."));
await host.RunAsync();

/// <summary>Internal on purpose: ASP.NET Core (which the Orleans dashboard brings along) would make an undeclared top-level Program public, and Tests would then see two.</summary>
internal partial class Program;

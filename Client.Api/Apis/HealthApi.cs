using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Grains.Interfaces.Jobs;

namespace Orchestrator.Client.Api.Apis;

/// <summary><c>/healthz</c> (the process is up) and <c>/readyz</c> (a grain call round-trips).</summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        var health = app.MapGroup("").WithTags("Health").AllowAnonymous();
        health.MapGet("/healthz", () => TypedResults.Ok(new { status = "ok" })).WithName("Health").WithSummary("Liveness");
        health.MapGet("/readyz", Ready).WithName("Ready").WithSummary("Readiness: the cluster answers a grain call");
        return app;
    }

    private static async Task<Ok<object>> Ready(IClusterClient cluster)
    {
        await cluster.GetGrain<IJobCatalogGrain>(0).Validate([]);
        return TypedResults.Ok<object>(new { status = "ready" });
    }
}

using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Client.Api.Auth;
using Orchestrator.Client.Api.Jobs;
using Orchestrator.Grains.Interfaces.Jobs;

namespace Orchestrator.Client.Api.Apis;

/// <summary><c>/v1/dlq</c>: the dead-letter queue, i.e. jobs in status DeadLettered. Retry one with <c>POST /v1/jobs/{id}/retry</c>.</summary>
public static class DlqApi
{
    public static IEndpointRouteBuilder MapDlqApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/v1/dlq").WithTags("Dead-letter queue")
            .MapGet("/", List).WithName("ListDeadLettered").RequireAuthorization(Policies.JobsRead)
            .WithSummary("Dead-lettered jobs newest first, filtered by queue, type and creation time, cursor-paginated");
        return app;
    }

    public static Task<Results<Ok<JobListResponse>, ValidationProblem>> List(HttpContext http, IClusterClient cluster) =>
        JobsApi.ListOfTenant(http.User.TenantId(), JobStatus.DeadLettered, http, cluster);
}

using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Orchestrator.Client.Api.Auth;
using Orchestrator.Client.Api.Correlation;
using Orchestrator.Client.Api.Http;
using Orchestrator.Client.Api.Jobs;
using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Grains.Jobs;
using P = Orchestrator.Client.Api.Problems.Problems;

namespace Orchestrator.Client.Api.Apis;

/// <summary>
/// <c>/v1/jobs</c>: submit, read, list, cancel and retry the caller's tenant's jobs. The tenant always comes from the
/// credentials, never from the request, and a job of another tenant is simply not found (404, never 403).
/// </summary>
public static class JobsApi
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public static IEndpointRouteBuilder MapJobsApi(this IEndpointRouteBuilder app)
    {
        var jobs = app.MapGroup("/v1/jobs").WithTags("Jobs");
        jobs.MapPost("/", Submit).WithName("SubmitJob")
            .WithSummary("Submit a job")
            .WithDescription("Creates a job (201 + Location). With an Idempotency-Key header, the same key and body return the existing job (200); the same key with another body is a 409.")
            .Accepts<SubmitJobRequest>("application/json").RequireAuthorization(Policies.JobsWrite);
        jobs.MapPost("/batch", SubmitBatch).WithName("SubmitJobBatch")
            .WithSummary("Submit up to 1,000 jobs at once; all are validated before any is created")
            .Accepts<SubmitBatchRequest>("application/json").RequireAuthorization(Policies.JobsWrite);
        jobs.MapGet("/counts", Counts).WithName("CountJobs").WithSummary("How many jobs are in each status").RequireAuthorization(Policies.JobsRead);
        jobs.MapGet("/{id}", Get).WithName("GetJob").WithSummary("A job with its attempt history").RequireAuthorization(Policies.JobsRead);
        jobs.MapGet("/{id}/logs", Logs).WithName("GetJobLogs")
            .WithSummary("What the handler wrote per attempt: log lines, progress and output (live while running; ?attempt=n for one)")
            .RequireAuthorization(Policies.JobsRead);
        jobs.MapGet("/", List).WithName("ListJobs")
            .WithSummary("Jobs newest first, filtered by status, queue, type and creation time (from inclusive, to exclusive), cursor-paginated")
            .RequireAuthorization(Policies.JobsRead);
        jobs.MapPost("/{id}/cancel", Cancel).WithName("CancelJob").WithSummary("Cancel a scheduled, queued, retrying or running job")
            .RequireAuthorization(Policies.JobsWrite);
        jobs.MapPost("/{id}/retry", Retry).WithName("RetryJob").WithSummary("Re-queue a dead-lettered or cancelled job with a fresh attempt budget")
            .RequireAuthorization(Policies.JobsWrite);
        return app;
    }

    public static async Task<Results<Created<JobResponse>, Ok<JobResponse>, ValidationProblem, ProblemHttpResult>> Submit(
        HttpContext http, IClusterClient cluster, IOptions<JobOptions> options)
    {
        var key = http.Request.Headers[IdempotencyKeyHeader].ToString();
        if (http.Request.Headers.ContainsKey(IdempotencyKeyHeader)
            && (key.Length is 0 or > JobLimits.MaxIdempotencyKeyLength || !JobLimits.VisibleAsciiPattern().IsMatch(key)))
        {
            return P.Validation(IdempotencyKeyHeader, $"Must be 1-{JobLimits.MaxIdempotencyKeyLength} visible ASCII characters.");
        }
        var (body, problem) = await JsonBody.ReadDocumentAsync(http.Request);
        if (problem is not null) return problem;
        using var _ = body;

        var read = JobSubmissionReader.Read(body!.RootElement, "", CorrelationId.Get(http), key.Length > 0 ? key : null);
        if (read.PayloadBytes > options.Value.MaxPayloadBytes)
        {
            return P.PayloadTooLarge($"The payload is {read.PayloadBytes} bytes; the limit is {options.Value.MaxPayloadBytes} bytes.");
        }
        if (read.Spec is null) return P.Validation(read.Errors);

        var tenantId = http.User.TenantId();
        var jobId = read.Spec.IdempotencyKey is { } k ? JobIds.FromIdempotencyKey(tenantId, k) : JobIds.New();
        var result = await cluster.GetGrain<IJobGrain>(JobIds.GrainKey(tenantId, jobId)).Submit(read.Spec);
        CorrelationId.Set(http, result.Job.CorrelationId);
        SetQuotaWarning(http, result.QuotaWarning);
        var response = JobResponse.From(result.Job);
        return result.Created ? TypedResults.Created($"/v1/jobs/{jobId}", response) : TypedResults.Ok(response);
    }

    public static async Task<Results<Created<BatchResponse>, ValidationProblem, ProblemHttpResult>> SubmitBatch(
        HttpContext http, IClusterClient cluster, IOptions<JobOptions> options)
    {
        if (http.Request.Headers.ContainsKey(IdempotencyKeyHeader))
        {
            return P.Validation(IdempotencyKeyHeader, "Not supported on batches; submit jobs one by one to make them idempotent.");
        }
        var (body, problem) = await JsonBody.ReadDocumentAsync(http.Request);
        if (problem is not null) return problem;
        using var _ = body;

        var root = body!.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("jobs", out var items) || items.ValueKind != JsonValueKind.Array)
        {
            return P.Validation("jobs", "The body must be an object with a 'jobs' array.");
        }
        var unknown = root.EnumerateObject().Select(p => p.Name).Where(n => n != "jobs").ToArray();
        if (unknown.Length > 0) return P.Validation(unknown[0], "Unknown field. Known fields: jobs.");
        var count = items.GetArrayLength();
        if (count is 0 or > JobLimits.MaxBatchSize)
        {
            return P.Validation("jobs", $"A batch holds 1 to {JobLimits.MaxBatchSize} jobs; this one has {count}.");
        }

        var specs = new List<JobSpec>(count);
        var errors = new Dictionary<string, string[]>();
        var index = 0;
        foreach (var item in items.EnumerateArray())
        {
            var read = JobSubmissionReader.Read(item, $"jobs[{index}].", CorrelationId.Get(http), idempotencyKey: null);
            if (read.PayloadBytes > options.Value.MaxPayloadBytes)
            {
                return P.PayloadTooLarge($"jobs[{index}]: the payload is {read.PayloadBytes} bytes; the limit is {options.Value.MaxPayloadBytes} bytes.");
            }
            foreach (var error in read.Errors) errors[error.Key] = error.Value;
            if (read.Spec is not null) specs.Add(read.Spec);
            index++;
        }
        if (errors.Count > 0) return P.Validation(errors);

        // Handler rules (known type, enabled, payload shape) live in the silo: check the whole batch before creating any job.
        var handlerErrors = await cluster.GetGrain<IJobCatalogGrain>(0).Validate(specs);
        if (handlerErrors.Count > 0)
        {
            return P.Validation(handlerErrors.SelectMany(e => e.Value.Select(f => (Key: $"jobs[{e.Key}].{f.Key}", f.Value)))
                .ToDictionary(e => e.Key, e => e.Value));
        }

        var tenantId = http.User.TenantId();
        var results = await Task.WhenAll(specs.Select(spec =>
            cluster.GetGrain<IJobGrain>(JobIds.GrainKey(tenantId, JobIds.New())).Submit(spec)));
        SetQuotaWarning(http, results.Select(r => r.QuotaWarning).LastOrDefault(w => w is not null));
        return TypedResults.Created((string?)null, new BatchResponse(results.Select(r => JobResponse.From(r.Job)).ToArray()));
    }

    /// <summary>The tenant's quota warning, when near or over a job limit (the submission was still accepted).</summary>
    public const string QuotaWarningHeader = "X-Quota-Warning";

    private static void SetQuotaWarning(HttpContext http, string? warning)
    {
        if (warning is not null) http.Response.Headers[QuotaWarningHeader] = warning;
    }

    public static async Task<Ok<Dictionary<JobStatus, long>>> Counts(HttpContext http, IClusterClient cluster) =>
        TypedResults.Ok(await cluster.GetGrain<IJobQueryGrain>(0).CountByStatus(http.User.TenantId()));

    public static Task<Results<Ok<JobResponse>, ValidationProblem, ProblemHttpResult>> Get(string id, HttpContext http, IClusterClient cluster) =>
        GetOfTenant(http.User.TenantId(), id, cluster);

    /// <summary>One job of <paramref name="tenantId"/>; also serves platform admins' inspection.</summary>
    public static async Task<Results<Ok<JobResponse>, ValidationProblem, ProblemHttpResult>> GetOfTenant(string tenantId, string id, IClusterClient cluster)
    {
        if (!TryParseId(id, out var jobId, out var invalid)) return invalid;
        var job = await cluster.GetGrain<IJobGrain>(JobIds.GrainKey(tenantId, jobId)).Get();
        if (job is null) return P.NotFound($"No job {jobId}.");
        return TypedResults.Ok(JobResponse.From(job));
    }

    public static async Task<Results<Ok<JobLogsResponse>, ValidationProblem, ProblemHttpResult>> Logs(string id, int? attempt, HttpContext http, IClusterClient cluster)
    {
        if (!TryParseId(id, out var jobId, out var invalid)) return invalid;
        if (attempt is < 1) return P.Validation("attempt", "Must be an attempt number, from 1.");
        var job = await cluster.GetGrain<IJobGrain>(JobIds.GrainKey(http.User.TenantId(), jobId)).Get();
        if (job is null) return P.NotFound($"No job {jobId}.");
        if (attempt is { } n && job.Attempts.All(a => a.Number != n)) return P.NotFound($"Job {jobId} has no attempt {attempt} yet.");
        return TypedResults.Ok(JobLogsResponse.From(job, attempt));
    }

    public static Task<Results<Ok<JobListResponse>, ValidationProblem>> List(HttpContext http, IClusterClient cluster) =>
        ListOfTenant(http.User.TenantId(), null, http, cluster);

    /// <summary>A page of <paramref name="tenantId"/>'s jobs (only <paramref name="status"/> when given); also serves the DLQ and platform admins.</summary>
    public static async Task<Results<Ok<JobListResponse>, ValidationProblem>> ListOfTenant(string tenantId, JobStatus? status, HttpContext http, IClusterClient cluster)
    {
        if (status is not null && http.Request.Query.ContainsKey("status"))
        {
            return P.Validation("status", $"This list holds only {status} jobs; use the jobs list to filter by status.");
        }
        var (query, errors) = JobListQueryReader.Read(http.Request.Query, tenantId, status);
        if (query is null) return P.Validation(errors);
        var page = await cluster.GetGrain<IJobQueryGrain>(0).List(query);
        return TypedResults.Ok(new JobListResponse(page.Items, page.NextCursor is null ? null : JobListQueryReader.EncodeCursor(page.NextCursor)));
    }

    public static async Task<Results<Ok<JobResponse>, ValidationProblem, ProblemHttpResult>> Cancel(string id, HttpContext http, IClusterClient cluster)
    {
        if (!TryParseId(id, out var jobId, out var invalid)) return invalid;
        string? reason = null;
        if (http.Request.ContentLength is > 0 || http.Request.Headers.TransferEncoding.Count > 0)
        {
            var (body, problem) = await JsonBody.ReadDocumentAsync(http.Request);
            if (problem is not null) return problem;
            using var _ = body;
            var root = body!.RootElement;
            if (root.ValueKind != JsonValueKind.Object || root.EnumerateObject().Any(p => p.Name != "reason")
                || (root.TryGetProperty("reason", out var r) && r.ValueKind != JsonValueKind.String))
            {
                return P.Validation("reason", "The optional body is {\"reason\": \"text\"}.");
            }
            reason = root.TryGetProperty("reason", out var text) ? text.GetString() : null;
            if (reason?.Length > 500) return P.Validation("reason", "At most 500 characters.");
        }
        var job = await cluster.GetGrain<IJobGrain>(JobIds.GrainKey(http.User.TenantId(), jobId)).Cancel(reason);
        return TypedResults.Ok(JobResponse.From(job));
    }

    public static async Task<Results<Ok<JobResponse>, ValidationProblem>> Retry(string id, HttpContext http, IClusterClient cluster)
    {
        if (!TryParseId(id, out var jobId, out var invalid)) return invalid;
        var job = await cluster.GetGrain<IJobGrain>(JobIds.GrainKey(http.User.TenantId(), jobId)).Retry();
        return TypedResults.Ok(JobResponse.From(job));
    }

    private static bool TryParseId(string id, out Guid jobId, out ValidationProblem invalid)
    {
        invalid = null!;
        if (Guid.TryParse(id, out jobId)) return true;
        invalid = P.Validation("id", "Must be a job id (a UUID).");
        return false;
    }
}

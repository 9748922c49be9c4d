using Microsoft.Extensions.Options;
using Orchestrator.Client.Hosting;
using Orchestrator.Client.Jobs;
using Orchestrator.Grains.Interfaces.Jobs;
using JobStatus = Orchestrator.Client.Jobs.JobStatus;
using JobPage = Orchestrator.Client.Jobs.JobPage;
using GrainJobStatus = Orchestrator.Grains.Interfaces.Jobs.JobStatus;

namespace Orchestrator.Client.Cluster;

/// <summary>
/// <see cref="IJobs"/> by grain calls, for the configured tenant: the same grain methods with the same spec as the
/// gateway's <c>/v1/jobs</c>. The job grain validates (limits, handler rules, payload size) and admits the submission
/// against the tenant's quota itself; the checks the gateway makes before calling it are repeated here.
/// </summary>
internal sealed class GrainJobs(IClusterClient cluster, IOptions<OrchestratorClientOptions> options, TimeProvider time) : IJobs
{
    /// <summary>The longest cancellation reason the gateway accepts.</summary>
    public const int MaxReasonLength = 500;

    private string TenantId => options.Value.TenantId;

    public Task<JobInfo> SubmitAsync<TPayload>(string type, TPayload payload, SubmitOptions? submit = null, CancellationToken cancellationToken = default)
    {
        submit ??= new SubmitOptions();
        var key = submit.IdempotencyKey;
        if (key is not null && (key.Length is 0 or > JobLimits.MaxIdempotencyKeyLength || !JobLimits.VisibleAsciiPattern().IsMatch(key)))
        {
            throw GrainProblems.Validation("Idempotency-Key", $"Must be 1-{JobLimits.MaxIdempotencyKeyLength} visible ASCII characters.");
        }
        var element = ClientJson.ToElement(payload);
        var template = new JobTemplate
        {
            Type = type, Payload = element, Queue = submit.Queue, Priority = submit.Priority, MaxAttempts = submit.MaxAttempts,
            Backoff = submit.Backoff, Timeout = submit.Timeout, Tags = submit.Tags,
        };
        var spec = JobSpecs.From(template, submit.CorrelationId ?? Guid.NewGuid().ToString("N")) with
        {
            RunAt = submit.RunAt,
            Delay = submit.Delay,
            IdempotencyKey = key,
            RequestFingerprint = key is null ? null : JobBody.Fingerprint(JobBody.Submission(type, element, submit)),
        };
        var errors = new Dictionary<string, string[]>();
        JobSpecs.Validate(spec, "", errors);
        if (errors.Count > 0) throw GrainProblems.Validation(errors);

        var jobId = key is null ? JobIds.New() : JobIds.FromIdempotencyKey(TenantId, key);
        return GrainProblems.CallAsync(async () => GrainViews.Job((await Job(jobId).Submit(spec)).Job));
    }

    public Task<JobInfo?> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        GrainProblems.CallAsync(async () => await Job(id).Get() is { } view ? GrainViews.Job(view) : null);

    public Task<JobPage> ListAsync(JobFilter? filter = null, CancellationToken cancellationToken = default)
    {
        filter ??= new JobFilter();
        var errors = new Dictionary<string, string[]>();
        if (filter.Limit is < 1 or > JobQuery.MaxLimit) errors["limit"] = [$"Must be an integer from 1 to {JobQuery.MaxLimit}."];
        if (filter.Status is { } s && !Enum.IsDefined(s)) errors["status"] = [$"Must be one of {string.Join(", ", Enum.GetNames<GrainJobStatus>())}."];
        JobCursor? after = null;
        if (!string.IsNullOrEmpty(filter.Cursor) && (after = JobCursorText.Decode(filter.Cursor)) is null) errors["cursor"] = ["Not a cursor returned by this API."];
        if (errors.Count > 0) throw GrainProblems.Validation(errors);

        var query = new JobQuery
        {
            TenantId = TenantId,
            Status = filter.Status is { } status ? EnumMap.To<GrainJobStatus>(status) : null,
            Queue = string.IsNullOrEmpty(filter.Queue) ? null : filter.Queue,
            Type = string.IsNullOrEmpty(filter.Type) ? null : filter.Type,
            From = filter.From,
            To = filter.To,
            Limit = filter.Limit ?? JobQuery.DefaultLimit,
            After = after,
        };
        return GrainProblems.CallAsync(async () =>
        {
            var page = await cluster.GetGrain<IJobQueryGrain>(0).List(query);
            return new JobPage(page.Items.Select(GrainViews.ListItem).ToList(), page.NextCursor is null ? null : JobCursorText.Encode(page.NextCursor));
        });
    }

    public Task<JobInfo> CancelAsync(Guid id, string? reason = null, CancellationToken cancellationToken = default)
    {
        if (reason?.Length > MaxReasonLength) throw GrainProblems.Validation("reason", $"At most {MaxReasonLength} characters.");
        return GrainProblems.CallAsync(async () => GrainViews.Job(await Job(id).Cancel(reason)));
    }

    public Task<JobInfo> RetryAsync(Guid id, CancellationToken cancellationToken = default) =>
        GrainProblems.CallAsync(async () => GrainViews.Job(await Job(id).Retry()));

    public Task<JobInfo> WaitForCompletionAsync(Guid id, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        JobCompletion.WaitAsync(this, id, timeout, options.Value.MaxPollInterval, time, cancellationToken);

    private IJobGrain Job(Guid id) => cluster.GetGrain<IJobGrain>(JobIds.GrainKey(TenantId, id));
}

using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Orchestrator.Client.Hosting;
using Orchestrator.Client.Jobs;

namespace Orchestrator.Client.Http;

/// <summary><see cref="IJobs"/> over <c>/v1/jobs</c>.</summary>
internal sealed class HttpJobs(OrchestratorHttp http, IOptions<OrchestratorClientOptions> options, TimeProvider time) : IJobs
{
    private const string CorrelationHeader = "X-Correlation-Id";
    private const string IdempotencyKeyHeader = "Idempotency-Key";

    public Task<JobInfo> SubmitAsync<TPayload>(string type, TPayload payload, SubmitOptions? submit = null, CancellationToken cancellationToken = default)
    {
        submit ??= new SubmitOptions();
        var body = JobBody.Submission(type, ClientJson.ToElement(payload), submit);
        // The correlation id goes in the header when not given, so it stays out of the idempotency fingerprint (as on the Orleans transport).
        var headers = new Dictionary<string, string> { [CorrelationHeader] = submit.CorrelationId ?? Guid.NewGuid().ToString("N") };
        if (submit.IdempotencyKey is { } key) headers[IdempotencyKeyHeader] = key;
        return http.SendAsync<JobInfo>(HttpMethod.Post, "v1/jobs", body, cancellationToken, headers);
    }

    public Task<JobInfo?> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        http.GetOrNullAsync<JobInfo>($"v1/jobs/{id}", cancellationToken);

    public Task<JobPage> ListAsync(JobFilter? filter = null, CancellationToken cancellationToken = default)
    {
        filter ??= new JobFilter();
        var query = new List<string>();
        void Add(string name, string? value)
        {
            if (value is not null) query.Add($"{name}={Uri.EscapeDataString(value)}");
        }
        Add("status", filter.Status?.ToString());
        Add("queue", filter.Queue);
        Add("type", filter.Type);
        Add("from", filter.From?.ToString("O", CultureInfo.InvariantCulture));
        Add("to", filter.To?.ToString("O", CultureInfo.InvariantCulture));
        Add("limit", filter.Limit?.ToString(CultureInfo.InvariantCulture));
        Add("cursor", filter.Cursor);
        return http.SendAsync<JobPage>(HttpMethod.Get, query.Count == 0 ? "v1/jobs" : $"v1/jobs?{string.Join('&', query)}", null, cancellationToken);
    }

    public Task<JobInfo> CancelAsync(Guid id, string? reason = null, CancellationToken cancellationToken = default) =>
        http.SendAsync<JobInfo>(HttpMethod.Post, $"v1/jobs/{id}/cancel", reason is null ? null : new JsonObject { ["reason"] = reason }, cancellationToken);

    public Task<JobInfo> RetryAsync(Guid id, CancellationToken cancellationToken = default) =>
        http.SendAsync<JobInfo>(HttpMethod.Post, $"v1/jobs/{id}/retry", null, cancellationToken);

    public Task<JobInfo> WaitForCompletionAsync(Guid id, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        JobCompletion.WaitAsync(this, id, timeout, options.Value.MaxPollInterval, time, cancellationToken);
}

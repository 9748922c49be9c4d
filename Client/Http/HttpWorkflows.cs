using System.Text.Json.Nodes;
using System.Xml;
using Microsoft.Extensions.Options;
using Orchestrator.Client.Hosting;
using Orchestrator.Client.Jobs;
using Orchestrator.Client.Workflows;

namespace Orchestrator.Client.Http;

/// <summary><see cref="IWorkflows"/> over <c>/v1/workflows</c>.</summary>
internal sealed class HttpWorkflows(OrchestratorHttp http, IOptions<OrchestratorClientOptions> options, TimeProvider time) : IWorkflows
{
    public Task<WorkflowInfo> SubmitAsync(WorkflowDefinition definition, CancellationToken cancellationToken = default) =>
        http.SendAsync<WorkflowInfo>(HttpMethod.Post, "v1/workflows", Body(definition), cancellationToken,
            new Dictionary<string, string> { ["X-Correlation-Id"] = definition.CorrelationId ?? Guid.NewGuid().ToString("N") });

    public Task<WorkflowInfo?> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        http.GetOrNullAsync<WorkflowInfo>($"v1/workflows/{id}", cancellationToken);

    public Task<WorkflowInfo> CancelAsync(Guid id, CancellationToken cancellationToken = default) =>
        http.SendAsync<WorkflowInfo>(HttpMethod.Post, $"v1/workflows/{id}/cancel", null, cancellationToken);

    public Task<WorkflowInfo> RerunAsync(Guid id, CancellationToken cancellationToken = default) =>
        http.SendAsync<WorkflowInfo>(HttpMethod.Post, $"v1/workflows/{id}/rerun", null, cancellationToken);

    public Task<WorkflowInfo> WaitForCompletionAsync(Guid id, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        WorkflowCompletion.WaitAsync(this, id, timeout, options.Value.MaxPollInterval, time, cancellationToken);

    private static JsonObject Body(WorkflowDefinition d)
    {
        var body = new JsonObject();
        if (d.Name is { } name) body["name"] = name;
        body["steps"] = new JsonArray(d.Steps.Select(s => (JsonNode?)Step(s)).ToArray());
        if (d.FailurePolicy is { } policy) body["failurePolicy"] = WireEnumConverter<WorkflowFailurePolicy>.Name(policy);
        if (d.Timeout is { } timeout) body["timeout"] = XmlConvert.ToString(timeout);
        return body;
    }

    private static JsonObject Step(WorkflowStepDefinition s)
    {
        var step = new JsonObject { ["name"] = s.Name, ["job"] = JobBody.Template(s.Job) };
        if (s.DependsOn is { } parents) step["dependsOn"] = new JsonArray(parents.Select(p => (JsonNode?)JsonValue.Create(p)).ToArray());
        if (s.Trigger is { } trigger) step["trigger"] = WireEnumConverter<StepTrigger>.Name(trigger);
        if (s.Condition is { } condition) step["condition"] = condition;
        if (s.OnFailure is { } onFailure) step["onFailure"] = WireEnumConverter<StepFailurePolicy>.Name(onFailure);
        return step;
    }
}

using Microsoft.Extensions.Options;

namespace Orchestrator.Client.Hosting;

/// <summary>Fails start-up with a message naming the key to set.</summary>
internal sealed class OrchestratorClientOptionsValidator : IValidateOptions<OrchestratorClientOptions>
{
    private const string S = OrchestratorClientOptions.Section;

    public const string MissingConnectionString =
        $"{S}:Clustering is AdoNet: set {S}:ConnectionString or ConnectionStrings:Orchestrator (the cluster's PostgreSQL database).";

    public ValidateOptionsResult Validate(string? name, OrchestratorClientOptions o)
    {
        var failures = new List<string>();
        if (o.MaxPollInterval <= TimeSpan.Zero) failures.Add($"{S}:MaxPollInterval must be positive.");
        if (o.UsesHttp)
        {
            if (!Uri.TryCreate(o.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
                failures.Add($"{S}:Url must be an absolute http(s) URL, e.g. https://orchestrator.example.com.");
            if (string.IsNullOrWhiteSpace(o.ApiKey)) failures.Add($"{S}:ApiKey is required with {S}:Url (an API key, orch_…).");
            if (o.RequestTimeout <= TimeSpan.Zero) failures.Add($"{S}:RequestTimeout must be positive.");
        }
        else
        {
            if (string.IsNullOrWhiteSpace(o.TenantId)) failures.Add($"{S}:TenantId is required for the Orleans transport (the tenant the client acts for).");
            if (o.Clustering == ClientClustering.Localhost && o.GatewayPort is < 1 or > 65535) failures.Add($"{S}:GatewayPort must be a port number.");
            if (o.Clustering == ClientClustering.AdoNet && string.IsNullOrWhiteSpace(o.ConnectionString))
                failures.Add(MissingConnectionString);
            if (!Enum.IsDefined(o.Clustering)) failures.Add($"{S}:Clustering must be one of {string.Join(", ", Enum.GetNames<ClientClustering>())}.");
        }
        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}

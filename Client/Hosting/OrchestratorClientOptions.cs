namespace Orchestrator.Client.Hosting;

/// <summary>
/// <c>Orchestrator:Client</c>. With <see cref="Url"/> the client speaks HTTP to a gateway with <see cref="ApiKey"/>;
/// without it, it joins the cluster as an Orleans client (<see cref="Clustering"/>) and acts for <see cref="TenantId"/>.
/// </summary>
public sealed class OrchestratorClientOptions
{
    public const string Section = "Orchestrator:Client";

    /// <summary>The name of the <see cref="HttpClient"/> the HTTP transport takes from <c>IHttpClientFactory</c>; configure it to add handlers.</summary>
    public const string HttpClientName = "Orchestrator.Client";

    public const int DefaultGatewayPort = 30000;
    public const string DefaultClusterId = "orchestrator";
    public const string DefaultServiceId = "orchestrator";
    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DefaultMaxPollInterval = TimeSpan.FromSeconds(1);

    /// <summary>The gateway's base URL (<c>https://orchestrator.example.com</c>). Set: HTTP transport. Default: none (Orleans transport).</summary>
    public string? Url { get; set; }

    /// <summary>The API key (<c>orch_…</c>) the HTTP transport sends as <c>X-API-Key</c>; required with <see cref="Url"/>. Its tenant and role decide what the client may do.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Timeout of one HTTP request. Default 30 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = DefaultRequestTimeout;

    /// <summary>Orleans transport: how to find the gateways. Default <see cref="ClientClustering.Localhost"/>.</summary>
    public ClientClustering Clustering { get; set; } = ClientClustering.Localhost;

    /// <summary>Orleans transport, <see cref="ClientClustering.Localhost"/>: the silo's gateway port (<c>Orchestrator:Silo:GatewayPort</c> of the silo). Default 30000.</summary>
    public int GatewayPort { get; set; } = DefaultGatewayPort;

    /// <summary>Orleans transport, <see cref="ClientClustering.AdoNet"/>: the PostgreSQL connection string; default <c>ConnectionStrings:Orchestrator</c>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Orleans transport, <see cref="ClientClustering.AdoNet"/>: the silos' <c>Orchestrator:Cluster:ClusterId</c>. Default <c>orchestrator</c>.</summary>
    public string ClusterId { get; set; } = DefaultClusterId;

    /// <summary>Orleans transport, <see cref="ClientClustering.AdoNet"/>: the silos' <c>Orchestrator:Cluster:ServiceId</c>. Default <c>orchestrator</c>.</summary>
    public string ServiceId { get; set; } = DefaultServiceId;

    /// <summary>
    /// Orleans transport: the tenant every call acts for. The Orleans transport is trusted in-cluster code: it has no
    /// credentials, no roles and no rate limits, and can act for any tenant it is configured with. Default <c>default</c>.
    /// </summary>
    public string TenantId { get; set; } = Grains.Interfaces.Jobs.JobIds.DefaultTenant;

    /// <summary>The longest pause between two reads while waiting for a job or workflow to finish (the first is 50 ms, doubling). Default 1 s.</summary>
    public TimeSpan MaxPollInterval { get; set; } = DefaultMaxPollInterval;

    /// <summary>True when <see cref="Url"/> selects the HTTP transport.</summary>
    public bool UsesHttp => !string.IsNullOrWhiteSpace(Url);
}

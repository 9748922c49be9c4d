namespace Orchestrator.Client.Workers;

/// <summary>
/// <c>Orchestrator:Worker</c>: an external worker that leases jobs over HTTP from a gateway (the same API as any
/// language's worker), runs them with typed handlers and reports back.
/// </summary>
public sealed class OrchestratorWorkerOptions
{
    public const string Section = "Orchestrator:Worker";

    /// <summary>The name of the <see cref="HttpClient"/> the worker takes from <c>IHttpClientFactory</c>.</summary>
    public const string HttpClientName = "Orchestrator.Worker";

    /// <summary>The gateway's base URL. Default: <c>Orchestrator:Client:Url</c>.</summary>
    public string? Url { get; set; }

    /// <summary>An API key (role <c>worker</c> is enough). Default: <c>Orchestrator:Client:ApiKey</c>.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The worker's name as <c>GET /v1/workers</c> lists it. Default: the machine name.</summary>
    public string Name { get; set; } = Environment.MachineName;

    /// <summary>The queues it leases from. Default <c>default</c>.</summary>
    public List<string> Queues { get; set; } = [];

    /// <summary>Jobs it runs at once. Default 4.</summary>
    public int Concurrency { get; set; } = 4;

    /// <summary>How long one lease call waits for work (long poll, at most 30 s). Default 20 s.</summary>
    public TimeSpan LeaseWait { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How often a running job's lease is renewed; keep it well under the gateway's lease (30 s). Default 10 s.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Pause after a failed lease call (gateway down) before the next. Default 2 s.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A version string and labels shown with the worker.</summary>
    public string? Version { get; set; }
    public Dictionary<string, string> Labels { get; set; } = [];
}

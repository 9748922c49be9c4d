namespace Orchestrator.Tests.Infrastructure;

/// <summary>
/// A gateway factory served on a real loopback port (Kestrel), for clients outside the test process: a browser, a
/// worker process. <see cref="Http"/> sends the default tenant's API key.
/// </summary>
public sealed class KestrelApi<TFactory> : IDisposable where TFactory : ApiFactory, new()
{
    public KestrelApi()
    {
        var port = FreePort.Next();
        Factory.UseKestrel(port);
        Factory.StartServer();
        BaseUrl = $"http://127.0.0.1:{port}";
        Http = new HttpClient { BaseAddress = new Uri(BaseUrl) }.WithApiKey();
    }

    public TFactory Factory { get; } = new();
    public string BaseUrl { get; }
    public HttpClient Http { get; }

    public void Dispose()
    {
        Http.Dispose();
        Factory.Dispose();
    }
}

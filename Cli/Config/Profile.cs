namespace Orchestrator.Cli.Config;

/// <summary>One named connection: where the gateway is and how to sign in.</summary>
public sealed class Profile
{
    public string? Url { get; set; }
    public string? ApiKey { get; set; }
    public string? AccessToken { get; set; }
    public string? RefreshToken { get; set; }
}

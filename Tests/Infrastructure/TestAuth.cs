namespace Orchestrator.Tests.Infrastructure;

/// <summary>
/// Credentials the test topologies configure, so tests (and the processes they start) share a known API key of the
/// seeded <c>default</c> tenant, a JWT signing key and a platform admin. Test-only values; nothing real is protected.
/// </summary>
public static class TestAuth
{
    public const string ApiKey = "orch_r861wgafpcdnsvzc_lw--VRZujwDsl_oqFGdJlOh_IQ7cEjROOlO34Yt-fAw";
    public const string SigningKey = "fVoSTDohq7Vtia14ddgu6EqPraok0XERdUlpKedwe4VvQEDM9WLoexLtFDegzV48";
    public const string AdminEmail = "platform-admin@example.test";
    public const string AdminPassword = "test-admin-password-1";
    /// <summary>The seeded tenant's id.</summary>
    public const string DefaultTenant = Orchestrator.Client.Api.Auth.DefaultTenantOptions.TenantId;

    /// <summary>Configuration keys: the default tenant seeded with <see cref="ApiKey"/>, the signing key, the platform admin.</summary>
    public static Dictionary<string, string> Settings(bool shellEnabled) => new()
    {
        ["Orchestrator:DefaultTenant:Enabled"] = "true",
        ["Orchestrator:DefaultTenant:ApiKey"] = ApiKey,
        ["Orchestrator:DefaultTenant:ShellEnabled"] = shellEnabled ? "true" : "false",
        ["Orchestrator:Auth:SigningKey"] = SigningKey,
        ["Orchestrator:Auth:PlatformAdmin:Email"] = AdminEmail,
        ["Orchestrator:Auth:PlatformAdmin:Password"] = AdminPassword,
    };

    /// <summary>Sends the default tenant's API key on every request of <paramref name="http"/>.</summary>
    public static HttpClient WithApiKey(this HttpClient http, string apiKey = ApiKey)
    {
        http.DefaultRequestHeaders.Remove("X-API-Key");
        http.DefaultRequestHeaders.Add("X-API-Key", apiKey);
        return http;
    }
}

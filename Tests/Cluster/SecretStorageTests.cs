using System.Net;
using System.Text;
using System.Text.Json;
using Orchestrator.Tests.Infrastructure;
using static Orchestrator.Tests.Infrastructure.ApiJson;

namespace Orchestrator.Tests.Cluster;

/// <summary>
/// Passwords, API keys and refresh tokens are stored and logged nowhere in clear: after real sign-ups, sign-ins and
/// key operations against a cluster on PostgreSQL, every row of every table and both processes' logs are searched.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SecretStorageTests
{
    [Fact]
    public async Task NoSecret_IsInTheDatabase_OrTheLogs()
    {
        await using var db = await PostgresDatabase.CreateAsync();
        var config = new ClusterConfig(db.ConnectionString);
        await using var topology = new ClusterTopology(config);
        var (silo, _, _) = await topology.StartSiloAsync();
        var (api, http) = await topology.StartApiAsync(new Dictionary<string, string> { ["Logging:LogLevel:Default"] = "Information" });
        var anonymous = new HttpClient { BaseAddress = http.BaseAddress };

        var tenant = await Tenancy.RegisterAsync(anonymous);
        var (access, refresh) = await Tenancy.LoginAsync(anonymous, tenant.OwnerEmail);
        var owner = new HttpClient { BaseAddress = http.BaseAddress }.WithBearer(access);
        const string secondPassword = "another-secret-password-42";
        var created = await owner.PostAsync("/v1/users", JsonBody(JsonSerializer.Serialize(new { email = $"op-{Guid.NewGuid():N}@example.test", password = secondPassword, role = "operator" })));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var (key, keyId) = await Tenancy.CreateApiKeyAsync(owner);
        Assert.Equal(HttpStatusCode.Created, (await new HttpClient { BaseAddress = http.BaseAddress }.WithApiKey(key).PostAsync("/v1/jobs", JsonBody("""{"type":"noop"}"""))).StatusCode);
        var rotated = await owner.PostAsync($"/v1/apikeys/{keyId}/rotate", null);
        var rotatedKey = (await rotated.ReadElement()).GetProperty("key").GetString()!;
        var refreshed = await anonymous.PostAsync("/v1/auth/refresh", JsonBody(JsonSerializer.Serialize(new { refreshToken = refresh })));
        var nextRefresh = (await refreshed.ReadElement()).GetProperty("refreshToken").GetString()!;
        await Tenancy.AdminLoginAsync(anonymous);

        var secrets = new Dictionary<string, string>
        {
            ["owner password"] = Tenancy.Password,
            ["user password"] = secondPassword,
            ["platform admin password"] = TestAuth.AdminPassword,
            ["API key secret"] = ApiKeySecret(key),
            ["rotated API key secret"] = ApiKeySecret(rotatedKey),
            ["refresh token secret"] = refresh[(refresh.IndexOf('.') + 1)..],
            ["rotated refresh token secret"] = nextRefresh[(nextRefresh.IndexOf('.') + 1)..],
            ["access token"] = access,
        };

        var tables = (await db.RowsAsync("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).Select(r => (string)r[0]).ToList();
        var dump = new StringBuilder();
        foreach (var table in tables)
        {
            foreach (var row in await db.RowsAsync($"SELECT t::text FROM \"{table}\" t")) dump.AppendLine((string)row[0]);
        }
        var text = dump.ToString();
        // The search can find things: the tenancy records are there, as hashes (bytea columns print as hex).
        Assert.True(text.Contains("$argon2id$", StringComparison.Ordinal) || text.Contains(Hex("$argon2id$"), StringComparison.Ordinal), "password hashes are in the dump");
        Assert.True(text.Contains(keyId, StringComparison.Ordinal) || text.Contains(Hex(keyId), StringComparison.Ordinal), "the API key's public id is in the dump");

        var logs = silo.Output + "\n" + api.Output;
        foreach (var (what, secret) in secrets)
        {
            Assert.False(text.Contains(secret, StringComparison.Ordinal) || text.Contains(Hex(secret), StringComparison.Ordinal), $"the {what} is in the database");
            Assert.False(logs.Contains(secret, StringComparison.Ordinal), $"the {what} is in the logs");
        }
    }

    /// <summary>
    /// The secret of <c>orch_{id}_{secret}</c>: everything after the second underscore. The secret is base64url and may
    /// itself hold underscores, so cutting at the last one could leave a few characters that occur in any dump.
    /// </summary>
    private static string ApiKeySecret(string key)
    {
        var secret = key[(key.IndexOf('_', "orch_".Length) + 1)..];
        Assert.Equal(43, secret.Length);
        return secret;
    }

    private static string Hex(string text) => Convert.ToHexStringLower(Encoding.UTF8.GetBytes(text));
}

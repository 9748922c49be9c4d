using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using static Orchestrator.Tests.Infrastructure.ApiJson;

namespace Orchestrator.Tests.Infrastructure;

/// <summary>A tenant registered through the API by a test, with its owner's credentials.</summary>
public sealed record TestTenant(string Id, string OwnerEmail, string OwnerPassword);

/// <summary>Sign-up, sign-in and key helpers that go through the HTTP API exactly as a user would.</summary>
public static class Tenancy
{
    public const string Password = "correct horse battery staple";

    /// <summary>Registers a fresh tenant with a unique owner email.</summary>
    public static async Task<TestTenant> RegisterAsync(HttpClient anonymous, string name = "Acme")
    {
        var email = $"owner-{Guid.NewGuid():N}@example.test";
        var response = await anonymous.PostAsync("/v1/tenants", JsonBody(JsonSerializer.Serialize(new { name, email, password = Password })));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return new TestTenant((await response.ReadElement()).GetProperty("id").GetString()!, email, Password);
    }

    /// <summary>Signs in; returns the access and refresh tokens.</summary>
    public static async Task<(string Access, string Refresh)> LoginAsync(HttpClient anonymous, string email, string password = Password)
    {
        var response = await anonymous.PostAsync("/v1/auth/login", JsonBody(JsonSerializer.Serialize(new { email, password })));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadElement();
        return (body.GetProperty("accessToken").GetString()!, body.GetProperty("refreshToken").GetString()!);
    }

    /// <summary>Signs in as the platform admin configured by <see cref="TestAuth"/>.</summary>
    public static async Task<string> AdminLoginAsync(HttpClient anonymous)
    {
        var response = await anonymous.PostAsync("/admin/login", JsonBody(JsonSerializer.Serialize(new { email = TestAuth.AdminEmail, password = TestAuth.AdminPassword })));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadElement()).GetProperty("accessToken").GetString()!;
    }

    /// <summary>Creates a user with <paramref name="role"/> as the holder of <paramref name="managerToken"/> and signs them in.</summary>
    public static async Task<string> UserTokenAsync(HttpClient anonymous, string managerToken, string role)
    {
        var email = $"{role}-{Guid.NewGuid():N}@example.test";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/users") { Content = JsonBody(JsonSerializer.Serialize(new { email, password = Password, role })) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", managerToken);
        var response = await anonymous.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await LoginAsync(anonymous, email)).Access;
    }

    /// <summary>Creates an app and an API key with <paramref name="role"/>; returns the key and its id.</summary>
    public static async Task<(string Key, string Id)> CreateApiKeyAsync(HttpClient manager, string role = "operator")
    {
        var app = await manager.PostAsync("/v1/apps", JsonBody(JsonSerializer.Serialize(new { name = $"app-{Guid.NewGuid():N}" })));
        Assert.Equal(HttpStatusCode.Created, app.StatusCode);
        var appId = (await app.ReadElement()).GetProperty("id").GetString();
        var key = await manager.PostAsync("/v1/apikeys", JsonBody(JsonSerializer.Serialize(new { appId, name = "ci", role })));
        Assert.Equal(HttpStatusCode.Created, key.StatusCode);
        var body = await key.ReadElement();
        return (body.GetProperty("key").GetString()!, body.GetProperty("id").GetString()!);
    }

    /// <summary>Makes <paramref name="http"/> send a bearer token instead of an API key.</summary>
    public static HttpClient WithBearer(this HttpClient http, string token)
    {
        http.DefaultRequestHeaders.Remove("X-API-Key");
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }
}

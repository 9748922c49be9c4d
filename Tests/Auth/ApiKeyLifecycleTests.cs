using System.Net;
using System.Text.Json;
using Orchestrator.Tests.Infrastructure;
using static Orchestrator.Tests.Infrastructure.ApiJson;

namespace Orchestrator.Tests.Auth;

/// <summary>An API key from creation to revocation and rotation, used for real at each step.</summary>
public sealed class ApiKeyLifecycleTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private async Task<HttpClient> OwnerAsync()
    {
        var anonymous = factory.CreateAnonymousClient();
        var tenant = await Tenancy.RegisterAsync(anonymous);
        return factory.CreateAnonymousClient().WithBearer((await Tenancy.LoginAsync(anonymous, tenant.OwnerEmail)).Access);
    }

    private Task<HttpResponseMessage> SubmitWith(string key) =>
        factory.CreateAnonymousClient().WithApiKey(key).PostAsync("/v1/jobs", JsonBody("""{"type":"noop"}"""));

    [Fact]
    public async Task Create_Use_Revoke_NextCallIs401()
    {
        var owner = await OwnerAsync();
        var (key, id) = await Tenancy.CreateApiKeyAsync(owner, "operator");
        Assert.StartsWith($"orch_{id}_", key);

        Assert.Equal(HttpStatusCode.Created, (await SubmitWith(key)).StatusCode);
        var listed = (await (await owner.GetAsync("/v1/apikeys")).ReadElement()).GetProperty("items").EnumerateArray().Single(k => k.GetProperty("id").GetString() == id);
        Assert.False(listed.TryGetProperty("key", out _), "a listed key has no secret");
        Assert.Equal($"orch_{id}", listed.GetProperty("prefix").GetString());

        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsync($"/v1/apikeys/{id}/revoke", null)).StatusCode);
        var denied = await SubmitWith(key);
        Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
        Assert.Equal("/problems/unauthorized", (await denied.ReadElement()).GetProperty("type").GetString());
    }

    [Fact]
    public async Task WrongSecret_ForAKnownKeyId_Is401()
    {
        var owner = await OwnerAsync();
        var (key, _) = await Tenancy.CreateApiKeyAsync(owner);
        Assert.Equal(HttpStatusCode.Created, (await SubmitWith(key)).StatusCode); // cached as valid now
        var forged = key[..^4] + (key[^4..] == "AAAA" ? "BBBB" : "AAAA");
        Assert.Equal(HttpStatusCode.Unauthorized, (await SubmitWith(forged)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SubmitWith("orch_not-a-key")).StatusCode);
    }

    [Fact]
    public async Task Rotate_OldKeyWorksDuringTheOverlap_NewKeyWorks_ZeroOverlapEndsTheOldAtOnce()
    {
        var owner = await OwnerAsync();
        var (oldKey, oldId) = await Tenancy.CreateApiKeyAsync(owner);

        var rotated = await owner.PostAsync($"/v1/apikeys/{oldId}/rotate", JsonBody("""{"overlap":"PT1H"}"""));
        Assert.Equal(HttpStatusCode.Created, rotated.StatusCode);
        var newKey = (await rotated.ReadElement()).GetProperty("key").GetString()!;
        Assert.Equal(HttpStatusCode.Created, (await SubmitWith(newKey)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await SubmitWith(oldKey)).StatusCode);
        var old = (await (await owner.GetAsync("/v1/apikeys")).ReadElement()).GetProperty("items").EnumerateArray().Single(k => k.GetProperty("id").GetString() == oldId);
        Assert.NotEqual(JsonValueKind.Null, old.GetProperty("expiresAt").ValueKind);
        Assert.Equal(HttpStatusCode.Conflict, (await owner.PostAsync($"/v1/apikeys/{oldId}/rotate", null)).StatusCode);

        var (second, secondId) = await Tenancy.CreateApiKeyAsync(owner);
        Assert.Equal(HttpStatusCode.Created, (await SubmitWith(second)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await owner.PostAsync($"/v1/apikeys/{secondId}/rotate", JsonBody("""{"overlap":0}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SubmitWith(second)).StatusCode);
    }

    [Fact]
    public async Task ViewerKey_CanRead_CannotSubmit()
    {
        var owner = await OwnerAsync();
        var (key, _) = await Tenancy.CreateApiKeyAsync(owner, "viewer");
        var viewer = factory.CreateAnonymousClient().WithApiKey(key);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/v1/jobs")).StatusCode);
        var denied = await viewer.PostAsync("/v1/jobs", JsonBody("""{"type":"noop"}"""));
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Equal("/problems/forbidden", (await denied.ReadElement()).GetProperty("type").GetString());
    }
}

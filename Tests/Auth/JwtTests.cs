using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Orchestrator.Tests.Infrastructure;
using static Orchestrator.Tests.Infrastructure.ApiJson;

namespace Orchestrator.Tests.Auth;

/// <summary>Access tokens that must not work, and refresh-token rotation with reuse detection.</summary>
public sealed class JwtTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static string Token(byte[] key, string audience = "orchestrator-api", DateTime? expires = null, string algorithm = SecurityAlgorithms.HmacSha256)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Claims = new Dictionary<string, object> { ["sub"] = "u1", ["tenant"] = "default", ["role"] = "owner", ["kind"] = "user", ["name"] = "x@example.test" },
            Issuer = "orchestrator",
            Audience = audience,
            IssuedAt = (expires ?? now.AddMinutes(5)).AddMinutes(-10),
            NotBefore = (expires ?? now.AddMinutes(5)).AddMinutes(-10),
            Expires = expires ?? now.AddMinutes(5),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key), algorithm),
        });
    }

    private static string Base64Url(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private async Task<HttpStatusCode> ListJobsWith(string token) =>
        (await factory.CreateAnonymousClient().WithBearer(token).GetAsync("/v1/jobs")).StatusCode;

    [Fact]
    public async Task ATokenSignedWithTheConfiguredKey_Works()
    {
        _ = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, await ListJobsWith(Token(Convert.FromBase64String(TestAuth.SigningKey))));
    }

    public static TheoryData<string> BadTokens()
    {
        var key = Convert.FromBase64String(TestAuth.SigningKey);
        var payload = Base64Url($$"""{"sub":"u1","tenant":"default","role":"owner","iss":"orchestrator","aud":"orchestrator-api","exp":{{DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds()}}}""");
        return new TheoryData<string>
        {
            Token(key, expires: DateTime.UtcNow.AddMinutes(-5)), // expired (beyond the 30 s skew)
            Token(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48)), // wrong signature
            Token(key, audience: "someone-else"), // wrong audience
            Token(key, algorithm: SecurityAlgorithms.HmacSha384), // right key, an algorithm we do not accept
            $"{Base64Url("""{"alg":"none","typ":"JWT"}""")}.{payload}.", // alg: none
            "not-a-token",
        };
    }

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task BadAccessToken_Is401(string token)
    {
        _ = factory.CreateClient();
        var status = await ListJobsWith(token);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task Refresh_RotatesTheToken_AndAReusedTokenRevokesTheWholeSignIn()
    {
        var anonymous = factory.CreateAnonymousClient();
        var tenant = await Tenancy.RegisterAsync(anonymous);
        var (_, first) = await Tenancy.LoginAsync(anonymous, tenant.OwnerEmail);

        var rotated = await anonymous.PostAsync("/v1/auth/refresh", JsonBody(JsonSerializer.Serialize(new { refreshToken = first })));
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        var body = await rotated.ReadElement();
        var second = body.GetProperty("refreshToken").GetString()!;
        Assert.NotEqual(first, second);
        Assert.Equal(HttpStatusCode.OK, await ListJobsWith(body.GetProperty("accessToken").GetString()!));

        // The first token again: a replay. The family is revoked, so even the newest token stops working.
        var reused = await anonymous.PostAsync("/v1/auth/refresh", JsonBody(JsonSerializer.Serialize(new { refreshToken = first })));
        Assert.Equal(HttpStatusCode.Unauthorized, reused.StatusCode);
        Assert.Equal("/problems/refresh-token-reused", (await reused.ReadElement()).GetProperty("type").GetString());
        var afterReuse = await anonymous.PostAsync("/v1/auth/refresh", JsonBody(JsonSerializer.Serialize(new { refreshToken = second })));
        Assert.Equal(HttpStatusCode.Unauthorized, afterReuse.StatusCode);
    }

    [Fact]
    public async Task Logout_EndsTheSignIn_AndWrongPasswordIs401()
    {
        var anonymous = factory.CreateAnonymousClient();
        var tenant = await Tenancy.RegisterAsync(anonymous);
        var (_, refresh) = await Tenancy.LoginAsync(anonymous, tenant.OwnerEmail);
        Assert.Equal(HttpStatusCode.NoContent, (await anonymous.PostAsync("/v1/auth/logout", JsonBody(JsonSerializer.Serialize(new { refreshToken = refresh })))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/v1/auth/refresh", JsonBody(JsonSerializer.Serialize(new { refreshToken = refresh })))).StatusCode);

        var wrong = await anonymous.PostAsync("/v1/auth/login", JsonBody(JsonSerializer.Serialize(new { email = tenant.OwnerEmail, password = "not the password" })));
        var unknown = await anonymous.PostAsync("/v1/auth/login", JsonBody(JsonSerializer.Serialize(new { email = "nobody@example.test", password = "not the password" })));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal((await wrong.ReadElement()).GetProperty("detail").GetString(), (await unknown.ReadElement()).GetProperty("detail").GetString());
    }
}

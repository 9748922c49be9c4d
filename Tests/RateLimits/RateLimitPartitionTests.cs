using System.Net;
using System.Security.Claims;
using Orchestrator.Client.Api.Auth;
using Orchestrator.Client.Api.RateLimits;

namespace Orchestrator.Tests.RateLimits;

public class RateLimitPartitionTests
{
    private static readonly RateLimit TenantLimit = RateLimit.PerSecond(500, 1000);
    private static readonly RateLimit AnonymousLimit = RateLimit.PerMinute(60, 20);

    // Claims as "type=value;..." (empty: no identity); authenticated: whether the identity has an authentication type.
    public static TheoryData<string, string, bool, string?, string, bool> Partitions => new()
    {
        { "a tenant's user", "sub=u1;tenant=acme;role=admin;kind=user", true, "198.51.100.1", "tenant:acme", true },
        { "a tenant's API key", "sub=key-1;tenant=acme;role=operator;kind=apikey", true, null, "tenant:acme", true },
        { "a platform admin", "sub=root;role=platform-admin;kind=admin", true, "198.51.100.1", "admin:root", true },
        { "a platform admin without subject", "role=platform-admin;kind=admin", true, "198.51.100.1", "ip:198.51.100.1", false },
        { "an authenticated caller with neither tenant nor admin role", "sub=u1;role=viewer", true, "198.51.100.1", "ip:198.51.100.1", false },
        { "claims on an unauthenticated identity are not trusted", "sub=u1;tenant=acme;role=owner", false, "198.51.100.1", "ip:198.51.100.1", false },
        { "anonymous over IPv4", "", false, "198.51.100.1", "ip:198.51.100.1", false },
        { "anonymous over IPv4 mapped to IPv6", "", false, "::ffff:198.51.100.1", "ip:198.51.100.1", false },
        { "anonymous over IPv6 is limited by its /64", "", false, "2001:db8:1:2:aaaa:bbbb:cccc:dddd", "ip:2001:db8:1:2::/64", false },
        { "anonymous without a remote address", "", false, null, "ip:unknown", false },
    };

    [Theory]
    [MemberData(nameof(Partitions))]
    public void For(string caller, string claims, bool authenticated, string? address, string key, bool tenantLimit)
    {
        var identity = claims.Length == 0
            ? new ClaimsIdentity()
            : new ClaimsIdentity(
                claims.Split(';').Select(c => c.Split('=')).Select(c => new Claim(c[0], c[1])),
                authenticated ? "Test" : null);

        var partition = RateLimitPartition.For(new ClaimsPrincipal(identity), address is null ? null : IPAddress.Parse(address), TenantLimit, AnonymousLimit);

        Assert.True(partition.Key == key, $"{caller}: expected {key}, got {partition.Key}");
        Assert.Same(tenantLimit ? TenantLimit : AnonymousLimit, partition.Limit);
    }

}

using System.Net;
using System.Net.Sockets;
using System.Security.Claims;
using Orchestrator.Client.Api.Auth;

namespace Orchestrator.Client.Api.RateLimits;

/// <summary>Whose budget a request takes from: the partition's key, its limit, and who it is in words (for the 429's detail).</summary>
public sealed record RateLimitPartition(string Key, RateLimit Limit, string Scope)
{
    /// <summary>
    /// A caller authenticated with a tenant shares its tenant's budget (<c>tenant:{id}</c>); a platform admin has
    /// one of its own (<c>admin:{sub}</c>) with the tenant limit; anyone else is limited by client address
    /// (<c>ip:{address}</c>, an IPv6 client by its /64, which one host usually owns whole).
    /// </summary>
    public static RateLimitPartition For(ClaimsPrincipal user, IPAddress? remoteAddress, RateLimit tenantLimit, RateLimit anonymousLimit)
    {
        if (user.Identity?.IsAuthenticated == true)
        {
            if (user.FindFirst(OrchestratorClaims.Tenant)?.Value is { Length: > 0 } tenant)
            {
                return new($"tenant:{tenant}", tenantLimit, "tenant");
            }
            if (user.HasClaim(OrchestratorClaims.Role, Roles.PlatformAdmin) && user.FindFirst(OrchestratorClaims.Subject)?.Value is { Length: > 0 } admin)
            {
                return new($"admin:{admin}", tenantLimit, "platform admin");
            }
        }
        return new($"ip:{ClientAddress(remoteAddress)}", anonymousLimit, "client address");
    }

    private static string ClientAddress(IPAddress? address)
    {
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) return address.MapToIPv4().ToString();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return $"{new IPAddress(bytes)}/64";
    }
}

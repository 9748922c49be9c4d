namespace Orchestrator.Client.Api.Auth;

/// <summary>
/// How a browser reaches <c>/dashboard</c>, which it opens by navigation and polls with plain XHRs, neither of which
/// can send a bearer header: the platform admin signs in at <see cref="LoginPath"/> and gets the cookie
/// <see cref="CookieName"/>, a platform-admin JWT for the audience <see cref="Audience"/> (so it is no API token).
/// <list type="bullet">
/// <item>HttpOnly (no script reads it), SameSite=Strict (no other site's page sends it), Path=/dashboard (the browser
/// sends it nowhere else), Secure when signed in over HTTPS, and it dies with the token
/// (<c>Orchestrator:Auth:AccessTokenLifetime</c>, 15 min): then sign in again, as with the admin's bearer token.</item>
/// <item>The gateway reads it only for <c>/dashboard</c> paths of a request without <c>X-API-Key</c> or
/// <c>Authorization</c>, and still requires the <see cref="Policies.Platform"/> policy.</item>
/// <item>Signed with the gateways' shared <c>Orchestrator:Auth:SigningKey</c>, so any gateway of a cluster accepts it.</item>
/// </list>
/// </summary>
public static class DashboardSession
{
    /// <summary>The authentication scheme that reads the cookie (JWT bearer validation, token from the cookie).</summary>
    public const string Scheme = "DashboardCookie";

    public const string CookieName = "orchestrator_dashboard";

    /// <summary>Where the dashboard is mapped; also the cookie's path.</summary>
    public const string DashboardPath = "/dashboard";

    /// <summary>The sign-in form (GET) and its submission (POST); anonymous, outside <see cref="DashboardPath"/>.</summary>
    public const string LoginPath = "/admin/dashboard/login";

    /// <summary>The audience of session tokens: the API's audience with a suffix, so neither kind passes for the other.</summary>
    public static string Audience(AuthOptions options) => $"{options.Audience}/dashboard";

    /// <summary>True for a request to the dashboard.</summary>
    public static bool IsDashboardRequest(HttpRequest request) => request.Path.StartsWithSegments(DashboardPath);

    /// <summary>True when the session cookie is the request's credential: a dashboard path, the cookie, and no header credential.</summary>
    public static bool IsCredential(HttpRequest request) =>
        IsDashboardRequest(request)
        && request.Cookies.ContainsKey(CookieName)
        && !request.Headers.ContainsKey(ApiKeys.Header)
        && !request.Headers.ContainsKey(Microsoft.Net.Http.Headers.HeaderNames.Authorization);

    /// <summary>The cookie's attributes for a session token of <paramref name="lifetime"/>.</summary>
    public static CookieOptions CookieOptions(HttpRequest request, TimeSpan lifetime) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = request.IsHttps,
        Path = DashboardPath,
        MaxAge = lifetime,
        IsEssential = true,
    };
}

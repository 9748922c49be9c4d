using Microsoft.IdentityModel.JsonWebTokens;
using Orleans.Dashboard;
using Orchestrator.Client.Api.Audit;
using Orchestrator.Client.Api.Auth;
using Orchestrator.Client.Api.Problems;
using Orchestrator.Grains.Observability;
using P = Orchestrator.Client.Api.Problems.Problems;

namespace Orchestrator.Client.Api.Apis;

/// <summary>
/// The Orleans dashboard at <c>/dashboard</c> — its page, assets, JSON endpoints and the log stream, all behind the
/// <see cref="Policies.Platform"/> policy — and the browser sign-in that opens it (<see cref="DashboardSession"/>).
/// Mapped only when <see cref="DashboardSettings.IsEnabled"/>; the data comes from the silos' dashboard grains
/// through this host's cluster client.
/// </summary>
public static class DashboardApi
{
    private const string GrainStatePattern = DashboardSession.DashboardPath + "/GrainState";

    public static IEndpointRouteBuilder MapDashboardApi(this IEndpointRouteBuilder app)
    {
        if (!DashboardSettings.IsEnabled(app.ServiceProvider.GetRequiredService<IConfiguration>())) return app;

        var dashboard = app.MapOrleansDashboard(DashboardSession.DashboardPath)
            .RequireAuthorization(Policies.Platform)
            .ExcludeFromDescription();
        // The grain state viewer activates any grain by type and key and calls its parameterless methods that return its
        // state type: it would create activations for made-up keys and show stored state (password and key hashes) in a
        // browser. Everything else the dashboard shows is statistics.
        dashboard.AddEndpointFilter(async (context, next) =>
            context.HttpContext.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: GrainStatePattern }
                ? P.NotFound("The dashboard's grain state viewer is off on this gateway.")
                : await next(context));
        dashboard.AddEndpointFilter(EndWithTheCredential);

        app.MapGet(DashboardSession.LoginPath, LoginForm).WithTags("Platform admin").WithName("DashboardLoginForm").AllowAnonymous()
            .WithSummary("The platform admin's sign-in form for the Orleans dashboard (HTML)").Produces(StatusCodes.Status200OK, contentType: "text/html");
        app.MapPost(DashboardSession.LoginPath, Login).WithTags("Platform admin").WithName("DashboardLogin").AllowAnonymous()
            .WithSummary("Sign in as the platform admin with a form post; sets the dashboard's session cookie and redirects to /dashboard/")
            .Accepts<DashboardLoginForm>("application/x-www-form-urlencoded");
        return app;
    }

    /// <summary>
    /// Cuts a response off when the credential it was authorized with expires. The log stream (<c>/dashboard/Trace</c>)
    /// keeps its response open for up to an hour; without this it would outlive a 15-minute session.
    /// </summary>
    private static async ValueTask<object?> EndWithTheCredential(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!long.TryParse(http.User.FindFirst(JwtRegisteredClaimNames.Exp)?.Value, out var exp)) return await next(context);
        var time = http.RequestServices.GetRequiredService<TimeProvider>();
        var left = DateTimeOffset.FromUnixTimeSeconds(exp) - time.GetUtcNow();
        using var expiry = new CancellationTokenSource(left > TimeSpan.Zero ? left : TimeSpan.Zero, time);
        await using var abort = expiry.Token.Register(http.Abort);
        return await next(context);
    }

    /// <summary>The fields of the sign-in form, for the API description.</summary>
    public sealed record DashboardLoginForm(string Email, string Password);

    public static IResult LoginForm(HttpContext http) => Page(http, failed: false);

    public static async Task<IResult> Login(HttpContext http, PlatformAdmin platformAdmin, AccessTokens tokens)
    {
        if (!http.Request.HasFormContentType)
        {
            return TypedResults.Problem("Send the form as application/x-www-form-urlencoded.", statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported media type", type: ProblemTypes.UnsupportedMediaType);
        }
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        if (!platformAdmin.Verify(form["email"].ToString(), form["password"].ToString())) return Page(http, failed: true);
        AuditContext.SetActor(http, null, "admin", $"admin:{platformAdmin.Email}", platformAdmin.Email);
        var (token, lifetime) = tokens.ForDashboard(platformAdmin.Email!);
        http.Response.Cookies.Append(DashboardSession.CookieName, token, DashboardSession.CookieOptions(http.Request, lifetime));
        // 303: the browser follows with a GET, and a reload does not post the password again.
        http.Response.Headers.Location = DashboardSession.DashboardPath + "/";
        return TypedResults.StatusCode(StatusCodes.Status303SeeOther);
    }

    private static IResult Page(HttpContext http, bool failed)
    {
        var headers = http.Response.Headers;
        headers.CacheControl = "no-store";
        // No script, no framing (clickjacking), and the form posts only to this origin.
        headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";
        var error = failed ? """<p class="error">The email or password is wrong.</p>""" : "";
        return TypedResults.Content($$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Orchestrator · Orleans dashboard sign-in</title>
            <style>
              body { font-family: system-ui, sans-serif; max-width: 22rem; margin: 4rem auto; padding: 0 1rem; }
              label, input, button { display: block; width: 100%; box-sizing: border-box; }
              input { margin: .25rem 0 1rem; padding: .5rem; }
              button { padding: .5rem; }
              .error { color: #b00020; }
            </style>
            </head>
            <body>
            <h1>Orleans dashboard</h1>
            <p>Platform admin only. The session lasts as long as an access token; then sign in again.</p>
            {{error}}
            <form method="post" action="{{DashboardSession.LoginPath}}">
            <label for="email">Email</label><input id="email" name="email" type="email" autocomplete="username" required autofocus>
            <label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
            <button type="submit">Sign in</button>
            </form>
            </body>
            </html>
            """, "text/html; charset=utf-8", statusCode: failed ? StatusCodes.Status401Unauthorized : StatusCodes.Status200OK);
    }
}

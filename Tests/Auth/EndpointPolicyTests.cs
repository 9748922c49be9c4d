using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Client.Api.Auth;
using Orchestrator.Tests.Infrastructure;
using static Orchestrator.Tests.Infrastructure.ApiJson;

namespace Orchestrator.Tests.Auth;

/// <summary>
/// Every endpoint of the API, read from the running app's route table, against every kind of caller: no credentials
/// (401 unless the endpoint is explicitly anonymous), each tenant role and the platform admin (403 exactly when the
/// endpoint's policy does not list the role). A new endpoint without a policy fails <see cref="EveryEndpoint_NamesAPolicy_OrIsAnonymous"/>.
/// </summary>
public sealed class EndpointPolicyTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private sealed record Route(string Method, string Pattern, string? Policy, bool Anonymous);

    private IReadOnlyList<Route> Routes() =>
        factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => new Route(
                m,
                e.RoutePattern.RawText!,
                e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).LastOrDefault(p => p is not null),
                e.Metadata.GetMetadata<IAllowAnonymous>() is not null)))
            .ToList();

    [Fact]
    public void EveryEndpoint_NamesAPolicy_OrIsAnonymous()
    {
        _ = factory.CreateClient(); // starts the app
        var routes = Routes();
        Assert.True(routes.Count > 20, $"the route table has the API's endpoints ({routes.Count})");
        var uncovered = routes.Where(r => !r.Anonymous && (r.Policy is null || !Policies.AllowedRoles.ContainsKey(r.Policy))).ToList();
        Assert.True(uncovered.Count == 0, "endpoints without a known policy: " + string.Join(", ", uncovered.Select(r => $"{r.Method} {r.Pattern}")));
        var anonymous = routes.Where(r => r.Anonymous).Select(r => $"{r.Method} {r.Pattern}").Order().ToList();
        Assert.Equal(
            ["GET /admin/dashboard/login", "GET /healthz", "GET /openapi/{documentName}.json", "GET /readyz", "POST /admin/dashboard/login", "POST /admin/login",
             "POST /v1/auth/login", "POST /v1/auth/logout", "POST /v1/auth/refresh", "POST /v1/tenants/"],
            anonymous);
    }

    [Fact]
    public async Task EveryEndpoint_AnswersEachCaller_AsItsPolicySays()
    {
        var anonymous = factory.CreateAnonymousClient();
        var tenant = await Tenancy.RegisterAsync(anonymous);
        var owner = (await Tenancy.LoginAsync(anonymous, tenant.OwnerEmail)).Access;
        var callers = new Dictionary<string, string?>
        {
            ["anonymous"] = null,
            [Roles.Owner] = owner,
            [Roles.Admin] = await Tenancy.UserTokenAsync(anonymous, owner, Roles.Admin),
            [Roles.Operator] = await Tenancy.UserTokenAsync(anonymous, owner, Roles.Operator),
            [Roles.Viewer] = await Tenancy.UserTokenAsync(anonymous, owner, Roles.Viewer),
            [Roles.PlatformAdmin] = await Tenancy.AdminLoginAsync(anonymous),
        };

        var failures = new List<string>();
        foreach (var route in Routes().Where(r => !r.Anonymous))
        {
            var allowed = Policies.AllowedRoles[route.Policy!];
            foreach (var (caller, token) in callers)
            {
                var status = await SendAsync(route, token);
                var expected = token is null ? "401" : allowed.Contains(caller) ? "neither 401 nor 403" : "403";
                var ok = token is null ? status == HttpStatusCode.Unauthorized
                    : allowed.Contains(caller) ? status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                    : status == HttpStatusCode.Forbidden;
                if (!ok) failures.Add($"{route.Method} {route.Pattern} as {caller}: {(int)status}, expected {expected}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private async Task<HttpStatusCode> SendAsync(Route route, string? token)
    {
        var path = "/" + route.Pattern.TrimStart('/')
            .Replace("{id}", "0196f0c2-0000-7000-8000-000000000001").Replace("{jobId}", "0196f0c2-0000-7000-8000-000000000002")
            .Replace("{documentName}", "v1").Replace("{page:int}", "1");
        using var request = new HttpRequestMessage(new HttpMethod(route.Method), path);
        if (route.Method is "POST" or "PATCH" or "PUT") request.Content = JsonBody("{}");
        if (token is not null) request.Headers.Authorization = new("Bearer", token);
        using var http = factory.CreateAnonymousClient();
        // Headers only: the dashboard's log stream (/dashboard/Trace) answers 200 and then keeps streaming.
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return response.StatusCode;
    }
}

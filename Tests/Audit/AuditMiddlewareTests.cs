using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Client.Api.Audit;
using Orchestrator.Client.Api.Auth;
using Orchestrator.Client.Api.Correlation;
using Orchestrator.Grains.Interfaces.Audit;
using Orchestrator.Tests.Infrastructure;

namespace Orchestrator.Tests.Audit;

/// <summary>The audit middleware in a tiny app (TestServer, a fake principal, a fake audit log grain).</summary>
public sealed class AuditMiddlewareTests
{
    private static readonly ClaimsPrincipal TenantUser = Principal(
        (OrchestratorClaims.Subject, "user-7"), (OrchestratorClaims.Tenant, "acme"), (OrchestratorClaims.Role, Roles.Admin),
        (OrchestratorClaims.Kind, "user"), (OrchestratorClaims.Name, "ann@example.com"));

    private static readonly ClaimsPrincipal PlatformAdmin = Principal(
        (OrchestratorClaims.Subject, "admin-1"), (OrchestratorClaims.Role, Roles.PlatformAdmin), (OrchestratorClaims.Kind, "admin"), (OrchestratorClaims.Name, "root@example.com"));

    private static ClaimsPrincipal Principal(params (string Type, string Value)[] claims) =>
        new(new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Value)), authenticationType: "test"));

    /// <summary>A running app: correlation ids, the principal (when given) in place of authentication, then the audit middleware.</summary>
    private sealed class TinyApp : IAsyncDisposable
    {
        private WebApplication _app = null!;

        public FakeAuditLog Log { get; } = new();
        public HttpClient Http { get; private set; } = null!;

        /// <summary>
        /// Serves on TestServer, or with <paramref name="kestrel"/> on a loopback port with Kestrel (TestServer rethrows
        /// an unhandled exception to the client and never completes the response).
        /// </summary>
        public static async Task<TinyApp> StartAsync(ClaimsPrincipal? user, Action<WebApplication> map, Action<WebApplication>? outermost = null, bool kestrel = false)
        {
            var tiny = new TinyApp();
            var builder = WebApplication.CreateSlimBuilder();
            if (kestrel) builder.WebHost.UseUrls("http://127.0.0.1:0");
            else builder.WebHost.UseTestServer();
            builder.Services.AddSingleton(tiny.Log.Client());
            builder.Services.AddOrchestratorAudit();
            builder.Services.AddOrchestratorAudit(); // safe twice
            builder.Services.Configure<AuditWriterOptions>(o => o.FlushInterval = TimeSpan.FromMilliseconds(5));
            var app = builder.Build();
            outermost?.Invoke(app);
            app.UseCorrelationId();
            if (user is not null) app.Use((context, next) => { context.User = user; return next(context); });
            app.UseOrchestratorAudit();
            map(app);
            await app.StartAsync();
            tiny._app = app;
            tiny.Http = kestrel ? new HttpClient { BaseAddress = new Uri(app.Urls.Single()) } : app.GetTestClient();
            return tiny;
        }

        /// <summary>Waits for the entry of the request with this correlation id.</summary>
        public Task<AuditEntry> EntryOf(string correlationId) =>
            Eventually.Until(() => Task.FromResult(Log.Entries.FirstOrDefault(e => e.CorrelationId == correlationId)), e => e is not null,
                $"the audit entry of request {correlationId}", describe: _ => $"{Log.Entries.Count} entries: {string.Join(", ", Log.Entries.Select(e => e.Action))}")!;

        public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string correlationId)
        {
            using var request = new HttpRequestMessage(method, path);
            request.Headers.Add(CorrelationId.Header, correlationId);
            if (method != HttpMethod.Get) request.Content = new StringContent("""{"secret":"s3cr3t-body"}""", System.Text.Encoding.UTF8, "application/json");
            return await Http.SendAsync(request);
        }

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private static void MapJobs(WebApplication app)
    {
        var jobs = app.MapGroup("/v1/jobs");
        jobs.MapPost("/", () => TypedResults.Created("/v1/jobs/1"));
        jobs.MapGet("/{id}", (string id) => TypedResults.Ok(id));
        jobs.MapPost("/{id}/cancel", (string id) => TypedResults.Ok());
        jobs.MapPost("/{id}/explode", (string id) => { throw new InvalidOperationException("boom"); });
    }

    [Fact]
    public async Task Post_IsRecordedWithActorTenantRouteTargetStatusAndCorrelation_AndGetIsNot()
    {
        await using var app = await TinyApp.StartAsync(TenantUser, MapJobs);
        var before = DateTimeOffset.UtcNow;

        Assert.Equal(HttpStatusCode.OK, (await app.SendAsync(HttpMethod.Get, "/v1/jobs/job-41", "read-1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.SendAsync(HttpMethod.Post, "/v1/jobs/job-42/cancel?token=s3cr3t-query", "cancel-1")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await app.SendAsync(HttpMethod.Post, "/v1/jobs", "submit-1")).StatusCode);

        var cancel = await app.EntryOf("cancel-1");
        Assert.Equal("POST /v1/jobs/{id}/cancel", cancel.Action);
        Assert.Equal("job-42", cancel.Target);
        Assert.Equal(("acme", "user", "user-7", "ann@example.com"), (cancel.TenantId, cancel.ActorKind, cancel.ActorId, cancel.ActorName));
        Assert.Equal((200, AuditOutcome.Succeeded), (cancel.Status, cancel.Outcome));
        Assert.InRange(cancel.At, before, DateTimeOffset.UtcNow);
        Assert.Equal(7, cancel.Id.Version);

        var submit = await app.EntryOf("submit-1");
        Assert.Equal(("POST /v1/jobs", null, 201), (submit.Action, submit.Target, submit.Status));

        // The read is not recorded, and nothing of the body, headers or query string is.
        Assert.Equal(2, app.Log.Entries.Count);
        Assert.DoesNotContain(app.Log.Entries, e => e.CorrelationId == "read-1");
        Assert.DoesNotContain(app.Log.Entries, e => e.ToString().Contains("s3cr3t", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExceptionTurnedIntoAResponseOutside_IsRecordedWithTheStatusTheCallerGot()
    {
        await using var app = await TinyApp.StartAsync(TenantUser, MapJobs, outermost: a => a.UseExceptionHandler(error => error.Run(context =>
        {
            context.Response.StatusCode = StatusCodes.Status409Conflict;
            return Task.CompletedTask;
        })));

        Assert.Equal(HttpStatusCode.Conflict, (await app.SendAsync(HttpMethod.Post, "/v1/jobs/job-1/explode", "explode-1")).StatusCode);
        var entry = await app.EntryOf("explode-1");
        Assert.Equal((409, AuditOutcome.Failed, "POST /v1/jobs/{id}/explode"), (entry.Status, entry.Outcome, entry.Action));
    }

    [Fact]
    public async Task UnhandledException_IsRecordedAs500()
    {
        await using var app = await TinyApp.StartAsync(TenantUser, MapJobs, kestrel: true);

        Assert.Equal(HttpStatusCode.InternalServerError, (await app.SendAsync(HttpMethod.Post, "/v1/jobs/job-1/explode", "explode-2")).StatusCode);
        var entry = await app.EntryOf("explode-2");
        Assert.Equal((500, AuditOutcome.Failed, "job-1"), (entry.Status, entry.Outcome, entry.Target));
    }

    [Fact]
    public async Task AnonymousEndpoint_NamesTheActorItAuthenticated_AndAFailedAttemptIsAnonymousAndDenied()
    {
        await using var app = await TinyApp.StartAsync(user: null, a =>
        {
            a.MapPost("/v1/auth/login", (HttpContext http) =>
            {
                AuditContext.SetActor(http, "acme", "user", "user-9", "bob@example.com");
                return TypedResults.Ok();
            });
            a.MapPost("/v1/auth/refresh", () => TypedResults.Unauthorized());
        });

        await app.SendAsync(HttpMethod.Post, "/v1/auth/login", "login-1");
        await app.SendAsync(HttpMethod.Post, "/v1/auth/refresh", "refresh-1");

        var login = await app.EntryOf("login-1");
        Assert.Equal(("acme", "user", "user-9", "bob@example.com", AuditOutcome.Succeeded), (login.TenantId, login.ActorKind, login.ActorId, login.ActorName, login.Outcome));
        var refresh = await app.EntryOf("refresh-1");
        Assert.Equal((null, AuditEntry.AnonymousActor, null, null), (refresh.TenantId, refresh.ActorKind, refresh.ActorId, refresh.ActorName));
        Assert.Equal((401, AuditOutcome.Denied), (refresh.Status, refresh.Outcome));
    }

    [Fact]
    public async Task PlatformAdminActionOnATenant_IsRecordedAgainstThatTenant()
    {
        await using var app = await TinyApp.StartAsync(PlatformAdmin, a =>
        {
            a.MapPatch("/admin/tenants/{id}/block", (HttpContext http, string id) =>
            {
                AuditContext.SetTenant(http, id);
                return TypedResults.NoContent();
            });
            a.MapPost("/admin/maintenance", () => TypedResults.Accepted((string?)null));
        });

        await app.SendAsync(HttpMethod.Patch, "/admin/tenants/globex/block", "block-1");
        await app.SendAsync(HttpMethod.Post, "/admin/maintenance", "maintenance-1");

        var block = await app.EntryOf("block-1");
        Assert.Equal(("globex", "admin", "admin-1", "root@example.com"), (block.TenantId, block.ActorKind, block.ActorId, block.ActorName));
        Assert.Equal(("PATCH /admin/tenants/{id}/block", "globex", 204), (block.Action, block.Target, block.Status));
        var maintenance = await app.EntryOf("maintenance-1");
        Assert.Null(maintenance.TenantId); // platform-level
    }

    [Fact]
    public async Task RequestWithNoEndpoint_IsRecordedWithItsPath_WithoutTheQueryString()
    {
        await using var app = await TinyApp.StartAsync(TenantUser, MapJobs);
        Assert.Equal(HttpStatusCode.NotFound, (await app.SendAsync(HttpMethod.Delete, "/v1/nowhere/x?key=s3cr3t", "nowhere-1")).StatusCode);
        var entry = await app.EntryOf("nowhere-1");
        Assert.Equal(("DELETE /v1/nowhere/x", null, 404, AuditOutcome.Failed), (entry.Action, entry.Target, entry.Status, entry.Outcome));
    }

    [Theory]
    [InlineData(200, AuditOutcome.Succeeded)]
    [InlineData(201, AuditOutcome.Succeeded)]
    [InlineData(204, AuditOutcome.Succeeded)]
    [InlineData(302, AuditOutcome.Succeeded)]
    [InlineData(400, AuditOutcome.Failed)]
    [InlineData(401, AuditOutcome.Denied)]
    [InlineData(403, AuditOutcome.Denied)]
    [InlineData(404, AuditOutcome.Failed)]
    [InlineData(409, AuditOutcome.Failed)]
    [InlineData(429, AuditOutcome.Failed)]
    [InlineData(500, AuditOutcome.Failed)]
    [InlineData(503, AuditOutcome.Failed)]
    public void Outcome_FollowsTheStatus(int status, string outcome) => Assert.Equal(outcome, AuditOutcome.FromStatus(status));

    [Fact]
    public void Cursor_RoundTripsAsAnOpaqueString_AndAnythingElseIsRejected()
    {
        var cursor = new AuditCursor(new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1234), Guid.CreateVersion7());
        var text = AuditCursorEncoding.Encode(cursor);
        Assert.Matches("^[A-Za-z0-9_-]+$", text);
        Assert.Equal(cursor, AuditCursorEncoding.Decode(text));
        Assert.All(new[] { null, "", "not a cursor", "%%%", AuditCursorEncoding.Encode(cursor)[..10], Convert.ToBase64String("1:2"u8) },
            bad => Assert.Null(AuditCursorEncoding.Decode(bad)));
    }
}

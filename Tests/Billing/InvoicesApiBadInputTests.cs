using System.Net;
using Orchestrator.Tests.Infrastructure;
using static Orchestrator.Tests.Infrastructure.ApiJson;

namespace Orchestrator.Tests.Billing;

/// <summary>Every bad invoice request is a problem (400, 404, 409), never a 500. On its own system: its clock never jumps.</summary>
public sealed class InvoicesApiBadInputTests(BillingApiFactory factory) : IClassFixture<BillingApiFactory>
{
    [Theory]
    [InlineData("tenant", "GET", "/v1/billing/invoices/2026-13", null, HttpStatusCode.BadRequest)]
    [InlineData("tenant", "GET", "/v1/billing/invoices/november", null, HttpStatusCode.BadRequest)]
    [InlineData("tenant", "GET", "/v1/billing/invoices/default%2F2026-11", null, HttpStatusCode.BadRequest)]
    [InlineData("tenant", "GET", "/v1/billing/invoices/1999-01", null, HttpStatusCode.NotFound)] // before the tenant existed
    [InlineData("tenant", "GET", "/v1/billing/invoices/2999-01", null, HttpStatusCode.NotFound)] // not begun
    [InlineData("admin", "POST", "/admin/tenants/default/invoices/2999-01/issue", null, HttpStatusCode.Conflict)]
    [InlineData("admin", "POST", "/admin/tenants/default/invoices/1999-01/issue", null, HttpStatusCode.NotFound)]
    [InlineData("admin", "POST", "/admin/tenants/default/invoices/1999-01/pay", null, HttpStatusCode.Conflict)]
    [InlineData("admin", "POST", "/admin/tenants/default/invoices/1999-01/reissue", null, HttpStatusCode.Conflict)]
    [InlineData("admin", "POST", "/admin/tenants/default/invoices/13-2026/issue", null, HttpStatusCode.BadRequest)]
    [InlineData("admin", "POST", "/admin/tenants/default/invoices/2026-01/void", "{}", HttpStatusCode.BadRequest)]
    [InlineData("admin", "POST", "/admin/tenants/default/invoices/2026-01/void", """{"reason":""}""", HttpStatusCode.BadRequest)]
    [InlineData("admin", "POST", "/admin/tenants/nobody-here/invoices/2026-01/issue", null, HttpStatusCode.NotFound)]
    [InlineData("admin", "GET", "/admin/tenants/nobody-here/billing", null, HttpStatusCode.NotFound)]
    public async Task BadInvoiceRequests_AreProblems_NeverA500(string caller, string method, string path, string? body, HttpStatusCode expected)
    {
        var http = caller == "admin" ? await AdminAsync() : factory.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = body is null ? null : JsonBody(body) };

        var response = await http.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<HttpClient> AdminAsync() =>
        factory.CreateAnonymousClient().WithBearer(await Tenancy.AdminLoginAsync(factory.CreateAnonymousClient()));
}

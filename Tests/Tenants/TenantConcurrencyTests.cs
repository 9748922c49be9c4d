using System.Net;
using System.Net.Http.Json;
using Orchestrator.Client.Api.Jobs;
using Orchestrator.Grains.Interfaces.Jobs;
using Orchestrator.Tests.Infrastructure;
using Orchestrator.Tests.Jobs;
using static Orchestrator.Tests.Infrastructure.ApiJson;

namespace Orchestrator.Tests.Tenants;

/// <summary>A gateway whose silo runs at most two attempts of one tenant at once.</summary>
public sealed class TenantCapApiFactory : ApiFactory
{
    public const int Cap = 2;

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Orchestrator:Executor:TenantConcurrency"] = Cap.ToString(),
    };
}

/// <summary>One tenant's flood waits at its cap; another tenant's job runs at once beside it.</summary>
public sealed class TenantConcurrencyTests(TenantCapApiFactory factory) : IClassFixture<TenantCapApiFactory>
{
    [Fact]
    public async Task TenantAtItsCap_WaitsInTheQueue_WhileAnotherTenantsJobRuns()
    {
        var anonymous = factory.CreateAnonymousClient();
        var busy = factory.CreateAnonymousClient().WithBearer((await Tenancy.LoginAsync(anonymous, (await Tenancy.RegisterAsync(anonymous, "Busy")).OwnerEmail)).Access);
        var other = factory.CreateClient(); // the default tenant
        var gate = $"cap-{Guid.NewGuid():N}";
        var body = JsonBody($$$"""{"type":"test-block","payload":{"gate":"{{{gate}}}"}}""");

        var flood = new List<Guid>();
        for (var i = 0; i < 2 * TenantCapApiFactory.Cap; i++) flood.Add((await (await busy.PostAsync("/v1/jobs", JsonBody($$$"""{"type":"test-block","payload":{"gate":"{{{gate}}}"}}"""))).ReadJob()).Id);
        await Eventually.Until(() => Counts(busy),
            c => c.GetValueOrDefault(JobStatus.Running) == TenantCapApiFactory.Cap && c.GetValueOrDefault(JobStatus.Queued) == TenantCapApiFactory.Cap,
            "the busy tenant runs its cap and queues the rest", describe: c => string.Join(", ", c.Select(e => $"{e.Key}={e.Value}")));

        var otherJob = await (await other.PostAsync("/v1/jobs", body)).ReadJob();
        await Eventually.Until(async () => await (await other.GetAsync($"/v1/jobs/{otherJob.Id}")).ReadJob(), j => j.Status == JobStatus.Running,
            $"the other tenant's job {otherJob.Id} runs while the busy tenant is at its cap");
        Assert.Equal(TenantCapApiFactory.Cap, (await Counts(busy)).GetValueOrDefault(JobStatus.Running));

        TestHandlers.Release(gate);
        foreach (var id in flood.Append(otherJob.Id))
        {
            var client = id == otherJob.Id ? other : busy;
            await Eventually.Until(async () => await (await client.GetAsync($"/v1/jobs/{id}")).ReadJob(), j => j.Status == JobStatus.Succeeded, $"job {id} finishes after the gate opens");
        }
    }

    private static async Task<Dictionary<JobStatus, long>> Counts(HttpClient http) =>
        await http.GetFromJsonAsync<Dictionary<JobStatus, long>>("/v1/jobs/counts", ApiFactory.Json) ?? [];
}

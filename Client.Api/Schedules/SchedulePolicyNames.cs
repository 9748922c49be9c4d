using Orchestrator.Grains.Interfaces.Schedules;

namespace Orchestrator.Client.Api.Schedules;

/// <summary>The wire names of the misfire and overlap policies (<c>fire-once</c>, <c>queue-one</c>…).</summary>
public static class SchedulePolicyNames
{
    public static readonly IReadOnlyDictionary<string, MisfirePolicy> Misfire = new Dictionary<string, MisfirePolicy>
    {
        ["fire-once"] = MisfirePolicy.FireOnce,
        ["fire-all"] = MisfirePolicy.FireAll,
        ["skip"] = MisfirePolicy.Skip,
    };

    public static readonly IReadOnlyDictionary<string, OverlapPolicy> Overlap = new Dictionary<string, OverlapPolicy>
    {
        ["allow"] = OverlapPolicy.Allow,
        ["skip"] = OverlapPolicy.Skip,
        ["queue-one"] = OverlapPolicy.QueueOne,
    };

    public static string Name(MisfirePolicy policy) => Misfire.First(p => p.Value == policy).Key;

    public static string Name(OverlapPolicy policy) => Overlap.First(p => p.Value == policy).Key;
}

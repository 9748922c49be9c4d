namespace Orchestrator.Client.Cluster;

/// <summary>Between the grains' enums and the client's own, by member name (the two keep the same names).</summary>
internal static class EnumMap
{
    public static TTo To<TTo>(Enum value) where TTo : struct, Enum => Enum.Parse<TTo>(value.ToString());
}

using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Orchestrator.Tests.Infrastructure;

/// <summary>Orleans' serializer outside a silo, for tests of the stores and codecs that take one.</summary>
public static class TestSerializers
{
    private static readonly ServiceProvider Services = new ServiceCollection().AddSerializer().BuildServiceProvider();

    public static Serializer<T> Serializer<T>() => Services.GetRequiredService<Serializer<T>>();

    public static DeepCopier<T> Copier<T>() => Services.GetRequiredService<DeepCopier<T>>();
}

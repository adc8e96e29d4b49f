using Drive.AppHost.Infrastructure;

namespace Drive.AppHost;

/// <summary>
/// The replicas of one service. A local run starts each as a resource of its own on a port of its own, named
/// <c>files</c>, <c>files-2</c>, …, so the balancers in front see every replica and a test can stop one. A
/// deployment publishes one resource per service and lets the platform run and scale its replicas.
/// </summary>
internal sealed class ServiceReplicas
{
    private ServiceReplicas(string name, IReadOnlyList<IResourceBuilder<ProjectResource>> replicas)
    {
        Name = name;
        All = replicas;
    }

    /// <summary>The service-discovery name the callers use.</summary>
    public string Name { get; }

    /// <summary>Every replica, the first one carrying the bare service name.</summary>
    public IReadOnlyList<IResourceBuilder<ProjectResource>> All { get; }

    /// <summary>Adds <paramref name="count"/> replicas of <typeparamref name="TProject"/>.</summary>
    public static ServiceReplicas Add<TProject>(IDistributedApplicationBuilder builder, string name, int count)
        where TProject : IProjectMetadata, new()
    {
        if (builder.ExecutionContext.IsPublishMode)
        {
            var published = builder.AddProject<TProject>(name, options => options.ExcludeLaunchProfile = true)
                .WithHttpEndpoint(name: "http");
            return new ServiceReplicas(name, [published]);
        }

        var replicas = Enumerable.Range(1, count)
            .Select(number => builder.AddProject<TProject>(
                    number == 1 ? name : $"{name}-{number}", options => options.ExcludeLaunchProfile = true)
                .WithHttpEndpoint(port: LocalProcess.FreePort(), name: "http", isProxied: false)
                .WithEnvironment("ASPNETCORE_ENVIRONMENT", builder.Environment.EnvironmentName)
                .WithEnvironment("Drive__ServedByHeader", "true"))
            .ToList();
        return new ServiceReplicas(name, replicas);
    }

    /// <summary>Applies <paramref name="configure"/> to every replica.</summary>
    public ServiceReplicas Configure(Func<IResourceBuilder<ProjectResource>, IResourceBuilder<ProjectResource>> configure)
    {
        foreach (var replica in All)
        {
            configure(replica);
        }

        return this;
    }

    /// <summary>
    /// Tells every replica of <paramref name="caller"/> where this service's replicas listen, as the service-discovery
    /// entries <c>services__{name}__http__{i}</c>, one per replica, which the callers' balancers spread requests over.
    /// </summary>
    public void AreCalledBy(IEnumerable<IResourceBuilder<ProjectResource>> caller)
    {
        foreach (var replicaOfCaller in caller)
        {
            if (replicaOfCaller.ApplicationBuilder.ExecutionContext.IsPublishMode)
            {
                replicaOfCaller.WithReference(All[0]);
                continue;
            }

            for (var index = 0; index < All.Count; index++)
            {
                replicaOfCaller.WithEnvironment($"services__{Name}__http__{index}", All[index].GetEndpoint("http"));
            }
        }
    }
}

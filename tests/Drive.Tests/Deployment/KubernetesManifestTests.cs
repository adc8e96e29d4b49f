using System.Text.Json.Nodes;
using Drive.Auth;
using Drive.Contracts.Events;
using Drive.Gateway;
using Drive.ServiceDefaults.Security;
using Drive.Thumbnails;

namespace Drive.Tests.Deployment;

/// <summary>The files of deploy/kubernetes/base, validated once for every test of the class.</summary>
public sealed class BaseManifests : IAsyncLifetime
{
    internal IReadOnlyList<string> Files { get; } = Kustomization.ResourceFiles(ManifestPaths.Base);

    internal ManifestSet Set { get; private set; } = new([]);

    public async Task InitializeAsync() => Set = await SchemaValidator.ValidateAsync(Files, CancellationToken.None);

    public Task DisposeAsync() => Task.CompletedTask;
}

/// <summary>
/// deploy/kubernetes: every object of the base kustomization checked against its real schema, then the rules the
/// deployment must keep (probes, disruption budgets, autoscaling, the Ingress, the configuration each service reads).
/// </summary>
public sealed class KubernetesManifestTests(BaseManifests manifests) : IClassFixture<BaseManifests>
{
    private const string Gateway = "gateway";
    private const string SecretName = "drive-secrets";
    private const string ReadinessPath = "/ready";
    private const string LivenessPath = "/alive";
    private const int ContainerPort = 8080;

    private static readonly string JwtKey = $"{JwtOptions.SectionName}__{nameof(JwtOptions.SigningKey)}";

    public static TheoryData<string> Services => [Gateway, .. Backends.All];

    public static TheoryData<string> HttpServices => [Gateway, Backends.Auth, Backends.Files, Backends.Web];

    private ManifestSet Set => manifests.Set;

    [Fact]
    public void Kustomization_lists_every_manifest_file_in_base_and_nothing_else()
    {
        var onDisk = Directory.GetFiles(ManifestPaths.Base, "*.yaml")
            .Concat(Directory.GetFiles(ManifestPaths.Base, "*.yml"))
            .Where(file => Path.GetFileName(file) != "kustomization.yaml")
            .Order(StringComparer.Ordinal);

        Assert.Equal(onDisk, manifests.Files.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_object_matches_its_schema()
    {
        Assert.NotEmpty(Set.Documents);
        Assert.Empty(Set.Problems());
        Assert.Equal(manifests.Files.Order(), Set.Documents.Select(d => d.Source).Distinct().Order());
    }

    [Fact]
    public void Every_built_in_object_uses_only_fields_its_schema_defines()
    {
        Assert.Contains(Set.Documents, StrictFieldReader.Knows);
        Assert.Empty(StrictFieldReader.Problems(Set));
        Assert.All(Set.Documents.Where(d => !StrictFieldReader.Knows(d)),
            document => Assert.StartsWith("keda.sh/", document.ApiVersion));
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Every_service_has_a_deployment_a_service_and_a_disruption_budget(string service)
    {
        var deployment = Set.Single("Deployment", service);
        var labels = deployment.Spec["template"]!["metadata"]!["labels"]!.AsObject();
        var selector = deployment.Spec["selector"]!["matchLabels"]!.AsObject();
        Assert.Equal(2, deployment.Spec["replicas"]!.GetValue<int>());
        Assert.True(IsSubset(selector, labels), $"{deployment}'s selector does not match its pods' labels.");

        var kubernetesService = Set.Single("Service", service);
        Assert.True(IsSubset(kubernetesService.Spec["selector"]!.AsObject(), labels),
            $"{kubernetesService} does not select {service}'s pods.");
        var port = Assert.Single(kubernetesService.Spec["ports"]!.AsArray());
        Assert.Equal(ContainerPort, port!["port"]!.GetValue<int>());
        Assert.Equal("http", port["targetPort"]!.GetValue<string>());

        var budget = Set.Single("PodDisruptionBudget", service);
        Assert.True(IsSubset(budget.Spec["selector"]!["matchLabels"]!.AsObject(), labels),
            $"{budget} does not select {service}'s pods.");
        Assert.True(budget.Spec["maxUnavailable"] is not null || budget.Spec["minAvailable"] is not null);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Every_deployment_probes_startup_readiness_and_liveness(string service)
    {
        var container = MainContainer(service);
        var port = Assert.Single(container["ports"]!.AsArray());
        Assert.Equal("http", port!["name"]!.GetValue<string>());
        Assert.Equal(ContainerPort, port["containerPort"]!.GetValue<int>());

        Assert.Equal(LivenessPath, ProbePath(container, "startupProbe"));
        Assert.Equal(ReadinessPath, ProbePath(container, "readinessProbe"));
        Assert.Equal(LivenessPath, ProbePath(container, "livenessProbe"));
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Every_deployment_runs_as_non_root_with_a_read_only_root_and_resource_limits(string service)
    {
        var pod = Set.Single("Deployment", service).Spec["template"]!["spec"]!;
        var container = MainContainer(service);

        Assert.True(pod["securityContext"]!["runAsNonRoot"]!.GetValue<bool>());
        Assert.True(container["securityContext"]!["readOnlyRootFilesystem"]!.GetValue<bool>());
        Assert.False(container["securityContext"]!["allowPrivilegeEscalation"]!.GetValue<bool>());
        Assert.Contains("/tmp", container["volumeMounts"]!.AsArray().Select(m => m!["mountPath"]!.GetValue<string>()));
        foreach (var resource in new[] { "cpu", "memory" })
        {
            Assert.NotNull(container["resources"]!["requests"]![resource]);
            Assert.NotNull(container["resources"]!["limits"]![resource]);
        }
    }

    [Theory]
    [MemberData(nameof(Services))]
    public void Every_deployment_spreads_its_replicas_over_nodes_and_drains_before_it_stops(string service)
    {
        var pod = Set.Single("Deployment", service).Spec["template"]!["spec"]!;
        var spread = pod["topologySpreadConstraints"]!.AsArray();
        Assert.Contains(spread, c => c!["topologyKey"]!.GetValue<string>() == "kubernetes.io/hostname"
            && c["labelSelector"]!["matchLabels"]!["app.kubernetes.io/name"]!.GetValue<string>() == service);

        // The pause before SIGTERM plus ASP.NET Core's default 30 s host shutdown must fit in the grace period.
        var pause = MainContainer(service)["lifecycle"]!["preStop"]!["sleep"]!["seconds"]!.GetValue<int>();
        Assert.InRange(pause, 1, 15);
        Assert.True(pod["terminationGracePeriodSeconds"]!.GetValue<int>() >= pause + 30);
    }

    [Theory]
    [MemberData(nameof(HttpServices))]
    public void Every_http_service_scales_on_cpu(string service)
    {
        var autoscaler = Set.Single("HorizontalPodAutoscaler", service);
        Assert.Equal("autoscaling/v2", autoscaler.ApiVersion);
        Assert.Equal(("Deployment", service), TargetOf(autoscaler.Spec["scaleTargetRef"]!));
        Assert.True(autoscaler.Spec["minReplicas"]!.GetValue<int>() >= 2);

        Assert.Contains(autoscaler.Spec["metrics"]!.AsArray(), metric =>
            metric!["type"]!.GetValue<string>() == "Resource"
            && metric["resource"]!["name"]!.GetValue<string>() == "cpu"
            && metric["resource"]!["target"]!["type"]!.GetValue<string>() == "Utilization");
    }

    [Fact]
    public void Thumbnails_scale_on_the_upload_queue_with_the_broker_address_from_the_secret()
    {
        var queue = $"{ThumbnailsExtensions.ConsumerName}.{EventNameAttribute.Of<FileUploaded>()}";
        var scaledObject = Set.Single("ScaledObject", Backends.Thumbnails);
        Assert.Equal(("Deployment", Backends.Thumbnails), TargetOf(scaledObject.Spec["scaleTargetRef"]!));
        Assert.True(scaledObject.Spec["minReplicaCount"]!.GetValue<int>() >= 1, "Thumbnail work never stops.");
        Assert.DoesNotContain(Set.OfKind("HorizontalPodAutoscaler"), hpa => hpa.Name == Backends.Thumbnails);

        var trigger = Assert.Single(scaledObject.Spec["triggers"]!.AsArray(),
            t => t!["metadata"]!["queueName"]?.GetValue<string>() == queue);
        Assert.Equal("rabbitmq", trigger!["type"]!.GetValue<string>());
        Assert.Equal("QueueLength", trigger["metadata"]!["mode"]!.GetValue<string>());

        var authenticationName = trigger["authenticationRef"]!["name"]!.GetValue<string>();
        var authentication = Set.Single("TriggerAuthentication", authenticationName);
        var host = Assert.Single(authentication.Spec["secretTargetRef"]!.AsArray(),
            r => r!["parameter"]!.GetValue<string>() == "host");
        Assert.Equal(SecretName, host!["name"]!.GetValue<string>());
        Assert.Equal("rabbitmq", host["key"]!.GetValue<string>());
        Assert.Contains("rabbitmq", SecretKeys());
    }

    [Fact]
    public void Ingress_sends_everything_to_the_gateway()
    {
        var ingress = Assert.Single(Set.OfKind("Ingress"));
        var paths = ingress.Spec["rules"]!.AsArray().SelectMany(rule => rule!["http"]!["paths"]!.AsArray()).ToList();

        Assert.Contains(paths,
            p => p!["path"]!.GetValue<string>() == "/" && p["pathType"]!.GetValue<string>() == "Prefix");
        Assert.All(paths, p => Assert.Equal(Gateway, p!["backend"]!["service"]!["name"]!.GetValue<string>()));
        Assert.All(paths, p => Assert.Equal("http", p!["backend"]!["service"]!["port"]!["name"]!.GetValue<string>()));
        Assert.Equal("http", Set.Single("Service", Gateway).Spec["ports"]![0]!["name"]!.GetValue<string>());
    }

    public static TheoryData<string, string[]> Configuration => new()
    {
        { Gateway, [JwtKey, .. Backends.All.Select(b => $"services__{b}__http__0")] },
        { Backends.Auth, [$"ConnectionStrings__{AuthServiceExtensions.DatabaseName}", JwtKey] },
        {
            Backends.Files,
            ["ConnectionStrings__filesdb", "ConnectionStrings__blobs", "ConnectionStrings__rabbitmq", JwtKey]
        },
        { Backends.Thumbnails, ["ConnectionStrings__blobs", "ConnectionStrings__rabbitmq"] },
        { Backends.Web, [] },
    };

    [Theory]
    [MemberData(nameof(Configuration))]
    public void Every_service_gets_the_configuration_its_code_reads(string service, string[] expected)
    {
        var container = MainContainer(service);
        var variables = container["env"]!.AsArray().Select(e => e!["name"]!.GetValue<string>()).ToList();
        foreach (var source in container["envFrom"]?.AsArray() ?? [])
        {
            var configMap = Set.Single("ConfigMap", source!["configMapRef"]!["name"]!.GetValue<string>());
            variables.AddRange(configMap.Body["data"]!.AsObject().Select(pair => pair.Key));
        }

        Assert.Empty(expected.Except(variables));
        Assert.Contains("ASPNETCORE_HTTP_PORTS", variables);

        var secretKeys = SecretKeys();
        var references = container["env"]!.AsArray().Select(e => e!["valueFrom"]?["secretKeyRef"]).OfType<JsonNode>();
        foreach (var reference in references)
        {
            Assert.Equal(SecretName, reference["name"]!.GetValue<string>());
            Assert.Contains(reference["key"]!.GetValue<string>(), secretKeys);
        }
    }

    [KubectlFact]
    public async Task Kustomize_renders_the_base_into_exactly_the_objects_validated_here()
    {
        var rendered = await SchemaValidator.ValidateTextAsync(
            await Kubectl.KustomizeAsync(ManifestPaths.Base, CancellationToken.None), CancellationToken.None);

        Assert.Empty(rendered.Problems());
        Assert.Equal(Identities(Set), Identities(rendered));
    }

    [KubectlFact]
    public async Task The_production_overlay_renders_valid_objects_with_the_secret_from_its_env_file()
    {
        var copy = Directory.CreateTempSubdirectory("drive-kubernetes-");
        try
        {
            CopyFolder(ManifestPaths.KubernetesRoot, copy.FullName);
            var overlay = Path.Combine(copy.FullName, "overlays", "production");
            var example = Path.Combine(overlay, "drive-secrets.env.example");
            File.Copy(example, Path.Combine(overlay, "drive-secrets.env"), overwrite: true);

            var rendered = await SchemaValidator.ValidateTextAsync(
                await Kubectl.KustomizeAsync(overlay, CancellationToken.None), CancellationToken.None);

            Assert.Empty(rendered.Problems());
            Assert.Empty(StrictFieldReader.Problems(rendered));
            var secret = rendered.Single("Secret", SecretName).Body;
            Assert.Null(secret["stringData"]);
            Assert.Equal(SecretKeys().Order(), secret["data"]!.AsObject().Select(pair => pair.Key).Order());
        }
        finally
        {
            copy.Delete(recursive: true);
        }
    }

    private JsonNode MainContainer(string service)
    {
        var containers = Set.Single("Deployment", service).Spec["template"]!["spec"]!["containers"]!.AsArray();
        return Assert.Single(containers, c => c!["name"]!.GetValue<string>() == service)!;
    }

    private HashSet<string> SecretKeys() =>
        Set.Single("Secret", SecretName).Body["stringData"]!.AsObject().Select(pair => pair.Key).ToHashSet();

    private static string? ProbePath(JsonNode container, string probe)
    {
        var httpGet = container[probe]?["httpGet"];
        Assert.True(httpGet is not null, $"The container has no {probe} over HTTP.");
        Assert.Equal("http", httpGet["port"]!.GetValue<string>());
        return httpGet["path"]?.GetValue<string>();
    }

    private static (string Kind, string Name) TargetOf(JsonNode reference) =>
        (reference["kind"]!.GetValue<string>(), reference["name"]!.GetValue<string>());

    private static bool IsSubset(JsonObject subset, JsonObject of) =>
        subset.Count > 0 && subset.All(pair => of[pair.Key]?.GetValue<string>() == pair.Value!.GetValue<string>());

    private static IEnumerable<string> Identities(ManifestSet set) =>
        set.Documents.Select(d => $"{d.ApiVersion} {d.Kind} {d.Name}").Order(StringComparer.Ordinal);

    private static void CopyFolder(string source, string target)
    {
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }
}

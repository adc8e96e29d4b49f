using System.Text.Json;
using Drive.Contracts.Events;
using Drive.Messaging.Rabbit;
using Drive.Thumbnails;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Drive.Tests.Deployment;

/// <summary>
/// What <c>azd up</c> works from, checked without azd or Azure: the AppHost's manifest, the container app template of
/// every service in it, and azure.yaml.
/// </summary>
public sealed class AppHostManifestTests(AppHostManifest manifest) : IClassFixture<AppHostManifest>
{
    private static readonly string[] Services = ["auth", "files", "gateway", "thumbnails", "web"];
    private static readonly string[] Servers = ["blobs", "postgres", "rabbitmq", "redis"];
    private static readonly string[] TemplateFunctions = ["securedParameter", "uriEncode", "targetPortOrDefault"];

    private static readonly Dictionary<string, string[]> ConnectionsByService = new()
    {
        ["auth"] = ["authdb"],
        ["files"] = ["blobs", "filesdb", "rabbitmq", "redis"],
        ["gateway"] = ["redis"],
        ["thumbnails"] = ["blobs", "rabbitmq"],
        ["web"] = [],
    };

    public static TheoryData<string> EveryService => new(Services);

    public static TheoryData<string> HttpServices => new(Services.Where(service => service != "thumbnails"));

    [Fact]
    public void Manifest_names_every_service_and_server()
    {
        Assert.Equal(Services, manifest.NamesOfType("project.v0"));
        Assert.Equal(Servers, manifest.NamesOfType("container.v0"));
        foreach (var database in new[] { "authdb", "filesdb" })
        {
            var connectionString = manifest.Resources[database].GetProperty("connectionString").GetString();
            Assert.Equal($"{{postgres.connectionString}};Database={database}", connectionString);
        }
    }

    [Fact]
    public void Only_the_gateway_is_reachable_from_outside()
    {
        var bindings = manifest.Resources
            .Where(resource => resource.Value.TryGetProperty("bindings", out _))
            .SelectMany(resource => resource.Value.GetProperty("bindings").EnumerateObject()
                .Select(binding => (Name: $"{resource.Key}.{binding.Name}", Binding: binding.Value)))
            .ToList();

        var external = bindings.Where(binding => IsTrue(binding.Binding, "external")).Select(binding => binding.Name);
        Assert.Equal(["gateway.http"], external);

        // azd puts an HTTP endpoint on the app's ingress, which listens on 80 only and refuses a manifest asking more.
        var pinned = bindings.Where(binding => binding.Binding.GetProperty("scheme").GetString() == "http"
            && binding.Binding.TryGetProperty("port", out _));
        Assert.Empty(pinned.Select(binding => binding.Name));
    }

    [Theory]
    [MemberData(nameof(EveryService))]
    public void Every_service_gets_its_connection_strings(string service)
    {
        const string prefix = "ConnectionStrings__";
        var environment = manifest.Environment(service);

        var connections = environment.Keys.Where(name => name.StartsWith(prefix, StringComparison.Ordinal))
            .Select(name => name[prefix.Length..]).Order();
        Assert.Equal(ConnectionsByService[service], connections);
        foreach (var connection in ConnectionsByService[service])
        {
            Assert.Equal($"{{{connection}.connectionString}}", environment[prefix + connection]);
        }
    }

    [Fact]
    public void Gateway_finds_every_other_service_by_name()
    {
        var environment = manifest.Environment("gateway");
        foreach (var service in Services.Where(service => service != "gateway"))
        {
            Assert.Equal($"{{{service}.bindings.http.url}}", environment[$"services__{service}__http__0"]);
        }
    }

    [Fact]
    public void Signing_key_is_a_secret_parameter_the_deployer_gives_and_every_service_reads()
    {
        var key = manifest.Resources["jwt-signing-key"];
        Assert.Equal("parameter.v0", AppHostManifest.Type(key));

        var input = key.GetProperty("inputs").GetProperty("value");
        Assert.True(IsTrue(input, "secret"));
        Assert.False(input.TryGetProperty("default", out _), "a generated key would differ per deployment tool run");
        foreach (var service in Services)
        {
            Assert.Equal("{jwt-signing-key.value}", manifest.Environment(service)["Jwt__SigningKey"]);
        }
    }

    [Fact]
    public void Every_service_in_the_manifest_has_a_template_for_itself()
    {
        foreach (var service in manifest.NamesOfType("project.v0"))
        {
            var template = ContainerAppTemplate.Load(service);
            Assert.Equal(service, template.Container.Name);
            Assert.Equal(service, template.Spec.Tags["azd-service-name"]);
            Assert.Equal(ContainerAppTemplate.StandIn, template.Container.Image);
        }
    }

    [Theory]
    [MemberData(nameof(HttpServices))]
    public void Http_services_keep_two_replicas_and_scale_on_concurrent_requests(string service)
    {
        var scale = ContainerAppTemplate.Load(service).Spec.Properties.Template.Scale;

        Assert.True(scale.MinReplicas >= 2, $"{service} keeps {scale.MinReplicas} replica(s)");
        Assert.True(scale.MaxReplicas > scale.MinReplicas, $"{service} may not grow past {scale.MaxReplicas}");
        var http = Assert.Single(scale.Rules).Http;
        Assert.NotNull(http);
        Assert.True(int.Parse(http.Metadata["concurrentRequests"]) > 0);
    }

    [Fact]
    public void Thumbnails_scale_on_the_length_of_their_uploads_queue()
    {
        var template = ContainerAppTemplate.Load("thumbnails");
        var scale = template.Spec.Properties.Template.Scale;
        Assert.True(scale.MinReplicas >= 1 && scale.MaxReplicas > scale.MinReplicas);

        var rule = Assert.Single(scale.Rules).Custom;
        Assert.NotNull(rule);
        Assert.Equal("rabbitmq", rule.Type);
        Assert.Equal("QueueLength", rule.Metadata["mode"]);
        var queue = Topology.QueueName(ThumbnailsExtensions.ConsumerName, EventNameAttribute.Of<FileUploaded>());
        Assert.Equal(queue, rule.Metadata["queueName"]);
        Assert.True(int.Parse(rule.Metadata["value"]) > 0);

        var auth = Assert.Single(rule.Auth);
        Assert.Equal("host", auth.TriggerParameter);
        Assert.StartsWith("amqp://", template.Secrets[auth.SecretRef], StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(EveryService))]
    public void Templates_probe_alive_and_ready_and_only_the_gateway_is_external(string service)
    {
        var template = ContainerAppTemplate.Load(service);
        var ingress = template.Spec.Properties.Configuration.Ingress;
        Assert.NotNull(ingress);
        Assert.Equal(service == "gateway", ingress.External);
        Assert.Equal("http", ingress.Transport);

        var probes = template.Container.Probes.ToDictionary(probe => probe.Type, probe => probe.HttpGet);
        Assert.Equal(["Liveness", "Readiness"], probes.Keys.Order());
        Assert.Equal("/alive", probes["Liveness"]?.Path);
        Assert.Equal("/ready", probes["Readiness"]?.Path);
        Assert.All(probes.Values, probe => Assert.Equal(ingress.TargetPort, probe?.Port));
    }

    [Theory]
    [MemberData(nameof(EveryService))]
    public void Templates_keep_the_manifest_environment_with_secrets_out_of_plain_values(string service)
    {
        var template = ContainerAppTemplate.Load(service);
        var variables = template.Container.Env.Where(variable => variable.Name != "AZURE_CLIENT_ID")
            .ToDictionary(variable => variable.Name);
        var expected = manifest.Environment(service);
        Assert.Equal(expected.Keys.Order(), variables.Keys.Order());

        foreach (var (name, value) in expected)
        {
            var variable = variables[name];
            if (HoldsSecret(name, value))
            {
                Assert.True(variable.Value is null && variable.SecretRef is not null, $"{name} must come from a secret");
                Assert.Contains(variable.SecretRef, template.Secrets.Keys);
            }
            else
            {
                Assert.True(variable.SecretRef is null && variable.Value is not null, $"{name} must be a plain value");
            }
        }
    }

    [Theory]
    [MemberData(nameof(EveryService))]
    public void Templates_use_only_what_azd_provides_and_parameters_the_manifest_declares(string service)
    {
        foreach (var action in ContainerAppTemplate.Load(service).Actions)
        {
            var words = action.Split([' ', '(', ')'], StringSplitOptions.RemoveEmptyEntries);
            Assert.True(words[0] is ".Image" || words[0].StartsWith(".Env.", StringComparison.Ordinal)
                || TemplateFunctions.Contains(words[0]), $"{service}: azd knows no '{action}'");

            for (var i = 0; i < words.Length - 1; i++)
            {
                if (words[i] == "securedParameter")
                {
                    var parameter = words[i + 1].Trim('"').Replace('_', '-');
                    Assert.Contains(parameter, SecretParameters());
                }
            }
        }
    }

    [Fact]
    public void Azure_yaml_deploys_the_AppHost_to_container_apps()
    {
        var text = File.ReadAllText(Path.Combine(Repository.Root, "azure.yaml"));
        var project = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build()
            .Deserialize<AzureYaml>(text);

        var service = Assert.Single(project.Services).Value;
        Assert.Equal("containerapp", service.Host);
        Assert.Equal("dotnet", service.Language);
        var appHost = Path.Combine(Repository.Root, "src", "Drive.AppHost", "Drive.AppHost.csproj");
        Assert.Equal(appHost, Path.GetFullPath(Path.Combine(Repository.Root, service.Project)));
        Assert.True(File.Exists(appHost));
    }

    /// <summary>
    /// azd moves a variable into a container app secret when it is a connection string or its value holds a secret
    /// parameter, directly or through a URI-encoded copy of one.
    /// </summary>
    private bool HoldsSecret(string name, string value) =>
        name.StartsWith("ConnectionStrings__", StringComparison.Ordinal)
        || value.Contains(".connectionString}", StringComparison.Ordinal)
        || SecretParameters().Concat(EncodedSecretParameters())
            .Any(parameter => value.Contains($"{{{parameter}.value}}", StringComparison.Ordinal));

    private IEnumerable<string> SecretParameters() =>
        manifest.NamesOfType("parameter.v0").Where(name =>
            IsTrue(manifest.Resources[name].GetProperty("inputs").GetProperty("value"), "secret"));

    private IEnumerable<string> EncodedSecretParameters() =>
        manifest.NamesOfType("annotated.string").Where(name =>
            SecretParameters().Any(parameter =>
                manifest.Resources[name].GetProperty("value").GetString() == $"{{{parameter}.value}}"));

    private static bool IsTrue(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.True;

    /// <summary>The parts of azure.yaml this repository uses.</summary>
    public sealed record AzureYaml
    {
        public string Name { get; init; } = "";

        public Dictionary<string, AzureYamlService> Services { get; init; } = [];
    }

    /// <summary>One service of azure.yaml.</summary>
    public sealed record AzureYamlService
    {
        public string Language { get; init; } = "";

        public string Project { get; init; } = "";

        public string Host { get; init; } = "";
    }
}

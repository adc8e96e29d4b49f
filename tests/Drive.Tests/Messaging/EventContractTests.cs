using System.Text.Json;
using Drive.Contracts.Events;
using Drive.Messaging.Rabbit;

namespace Drive.Tests.Messaging;

/// <summary>FileUploaded's content version was added to v1 as an optional field; both directions must still read.</summary>
public sealed class EventContractTests
{
    [Fact]
    public void A_FileUploaded_written_before_content_versions_reads_as_the_first_version()
    {
        const string written = """
            {"eventId":"0195f0c2-8a6b-7cde-9f01-23456789abcd","occurredAt":"2026-12-01T10:00:00+00:00",
             "fileId":"0195f0c2-8a6b-7cde-9f01-23456789abce","ownerId":"0195f0c2-8a6b-7cde-9f01-23456789abcf",
             "blobName":"owner/file","name":"a.jpg","contentType":"image/jpeg","size":3,"sha256":null}
            """;

        var uploaded = JsonSerializer.Deserialize<FileUploaded>(written, EventJson.Options)!;

        Assert.Equal(1, uploaded.ContentVersion);
        Assert.Equal("owner/file", uploaded.BlobName);
    }

    [Fact]
    public void A_new_version_carries_its_content_version_on_the_wire()
    {
        var uploaded = new FileUploaded(Guid.NewGuid(), DateTimeOffset.UtcNow, Guid.NewGuid(), Guid.NewGuid(),
            "owner/upload", "a.jpg", "image/jpeg", 3, null, 4);

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(uploaded, EventJson.Options));

        Assert.Equal(4, json.RootElement.GetProperty("contentVersion").GetInt32());
        Assert.Equal(uploaded, JsonSerializer.Deserialize<FileUploaded>(json.RootElement, EventJson.Options));
    }
}

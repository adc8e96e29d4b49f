using Drive.DeadLetters;
using Drive.Files;
using Drive.Messaging;
using Drive.Thumbnails;

namespace Drive.Tests.Messaging;

public sealed class EventIdsTests
{
    private static readonly Guid Source = Guid.Parse("0195f0c2-8a6b-7cde-9f01-23456789abcd");

    [Fact]
    public void A_derived_id_is_the_same_for_every_redelivery_of_its_source()
    {
        var id = EventIds.Derived(Source, "thumbnails", "thumbnails.thumbnail-ready.v1");

        Assert.Equal(id, EventIds.Derived(Source, "thumbnails", "thumbnails.thumbnail-ready.v1"));
        Assert.Equal(8, id.Version);
        Assert.Equal(0b10, id.Variant >> 2);
    }

    [Fact]
    public void A_derived_id_differs_per_source_consumer_and_result()
    {
        var ids = new[]
        {
            EventIds.Derived(Source, "thumbnails", "thumbnails.thumbnail-ready.v1"),
            EventIds.Derived(Guid.NewGuid(), "thumbnails", "thumbnails.thumbnail-ready.v1"),
            EventIds.Derived(Source, "files", "thumbnails.thumbnail-ready.v1"),
            EventIds.Derived(Source, "thumbnails", "thumbnails.thumbnail-failed.v1"),
        };

        Assert.Equal(ids.Length, ids.Distinct().Count());
    }

    [Fact]
    public void The_dead_letters_command_knows_every_service_that_consumes()
    {
        Assert.Equal(
            new[] { FilesServiceExtensions.ConsumerName, ThumbnailsExtensions.ConsumerName },
            DeadLettersCommand.KnownConsumers);
        Assert.Contains("files.thumbnails.thumbnail-ready.v1.dead", DeadLettersCommand.KnownDeadQueues());
        Assert.Contains("thumbnails.files.file-uploaded.v1.dead", DeadLettersCommand.KnownDeadQueues());
    }
}

using Azure.Storage.Blobs;
using Drive.Contracts.Events;
using Drive.Messaging;
using Drive.Thumbnails.Handlers;
using Drive.Thumbnails.Imaging;

namespace Drive.Thumbnails;

/// <summary>Registers the thumbnail worker: blob storage, the image pipeline and the two event consumers.</summary>
public static class ThumbnailsExtensions
{
    /// <summary>The consumer name; queues are <c>thumbnails.{eventName}</c>.</summary>
    public const string ConsumerName = "thumbnails";

    /// <summary>Adds the worker's services to <paramref name="builder"/>.</summary>
    public static WebApplicationBuilder AddThumbnails(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.Services.AddOptions<ThumbnailOptions>()
            .BindConfiguration(ThumbnailOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        var blobs = builder.Configuration.GetConnectionString("blobs")
            ?? throw new InvalidOperationException(
                "ConnectionStrings:blobs is not set; give it an Azure Storage connection string (the AppHost does).");
        builder.Services.AddSingleton(new BlobServiceClient(blobs,
            new BlobClientOptions(BlobClientOptions.ServiceVersion.V2026_06_06)));

        builder.Services.AddSingleton<ThumbnailStore>();
        builder.Services.AddSingleton<ExternalDecoder>();
        builder.Services.AddSingleton<ThumbnailMaker>();

        builder.AddDriveMessaging("rabbitmq");
        builder.Services.AddEventConsumer<FileUploaded, FileUploadedHandler>(ConsumerName);
        builder.Services.AddEventConsumer<FilePurged, FilePurgedHandler>(ConsumerName);
        return builder;
    }
}

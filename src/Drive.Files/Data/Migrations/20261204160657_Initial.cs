using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Drive.Files.Data.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "items",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OwnerId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    ParentId = table.Column<Guid>(type: "uuid", nullable: true),
                    Size = table.Column<long>(type: "bigint", nullable: false),
                    ContentType = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    Sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    BlobName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ModifiedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    TrashedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    TrashedWith = table.Column<Guid>(type: "uuid", nullable: true),
                    ThumbnailState = table.Column<int>(type: "integer", nullable: false),
                    ThumbnailBlobName = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    ThumbnailFailureReason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_items", x => x.Id);
                    table.ForeignKey(
                        name: "FK_items_items_ParentId",
                        column: x => x.ParentId,
                        principalTable: "items",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "outbox_messages",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    event_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    payload = table.Column<string>(type: "jsonb", nullable: false),
                    occurred_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    published_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    attempts = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_outbox_messages", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "uploads",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OwnerId = table.Column<Guid>(type: "uuid", nullable: false),
                    ParentId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    Size = table.Column<long>(type: "bigint", nullable: false),
                    ContentType = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    DeclaredSha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    BlobName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    PartCount = table.Column<int>(type: "integer", nullable: false),
                    PartSize = table.Column<long>(type: "bigint", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    State = table.Column<int>(type: "integer", nullable: false),
                    ItemId = table.Column<Guid>(type: "uuid", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_uploads", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_items_children_modified",
                table: "items",
                columns: new[] { "ParentId", "Kind", "ModifiedAt", "Id" },
                filter: "\"TrashedAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_items_children_name",
                table: "items",
                columns: new[] { "ParentId", "Kind", "Name", "Id" },
                filter: "\"TrashedAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_items_children_size",
                table: "items",
                columns: new[] { "ParentId", "Kind", "Size", "Id" },
                filter: "\"TrashedAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_items_trash",
                table: "items",
                columns: new[] { "OwnerId", "TrashedAt" },
                filter: "\"TrashedWith\" = \"Id\"");

            migrationBuilder.CreateIndex(
                name: "ux_items_owner_parent_name",
                table: "items",
                columns: new[] { "OwnerId", "ParentId", "Name" },
                unique: true,
                filter: "\"TrashedAt\" IS NULL AND \"ParentId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ux_items_root_per_owner",
                table: "items",
                column: "OwnerId",
                unique: true,
                filter: "\"ParentId\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_published_at",
                table: "outbox_messages",
                column: "published_at",
                filter: "published_at IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_unpublished",
                table: "outbox_messages",
                column: "occurred_at",
                filter: "published_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_uploads_ExpiresAt",
                table: "uploads",
                column: "ExpiresAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "items");

            migrationBuilder.DropTable(
                name: "outbox_messages");

            migrationBuilder.DropTable(
                name: "uploads");
        }
    }
}

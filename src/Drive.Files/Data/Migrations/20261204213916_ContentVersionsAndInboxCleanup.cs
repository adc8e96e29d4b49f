using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Drive.Files.Data.Migrations
{
    /// <inheritdoc />
    public partial class ContentVersionsAndInboxCleanup : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ReplacedBlobName",
                table: "uploads",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "TargetFileId",
                table: "uploads",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ContentVersion",
                table: "items",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.CreateIndex(
                name: "ix_inbox_messages_processed_at",
                table: "inbox_messages",
                column: "processed_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_inbox_messages_processed_at",
                table: "inbox_messages");

            migrationBuilder.DropColumn(
                name: "ReplacedBlobName",
                table: "uploads");

            migrationBuilder.DropColumn(
                name: "TargetFileId",
                table: "uploads");

            migrationBuilder.DropColumn(
                name: "ContentVersion",
                table: "items");
        }
    }
}

-- AlterTable
ALTER TABLE "pressure_samples" ADD COLUMN     "containerfs_available_bytes" BIGINT,
ADD COLUMN     "containerfs_capacity_bytes" BIGINT,
ADD COLUMN     "psi_cpu_some_avg10_centi" BIGINT,
ADD COLUMN     "psi_io_some_avg10_centi" BIGINT,
ADD COLUMN     "psi_memory_full_avg10_centi" BIGINT,
ADD COLUMN     "psi_memory_some_avg10_centi" BIGINT,
ADD COLUMN     "swap_available_bytes" BIGINT,
ADD COLUMN     "swap_usage_bytes" BIGINT;

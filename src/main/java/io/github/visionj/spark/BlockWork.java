package io.github.visionj.spark;

import java.nio.file.Path;
import java.util.List;

import io.github.visionj.VisionJException;
import io.github.visionj.cli.Task;
import io.github.visionj.command.InstanceSegmentCommand;
import io.github.visionj.pipeline.Blocks;
import io.github.visionj.pipeline.OwnedObject;
import io.github.visionj.pipeline.Plane;
import io.github.visionj.pipeline.PlaneStatistics;
import io.github.visionj.pipeline.Segmentation;
import io.github.visionj.tiff.TiffRegions;

/**
 * One block of one plane of a huge image: the executor opens the TIFF itself, reads the block's
 * region, predicts and decodes it into the objects the block owns and stores them in a
 * {@link BlockFile}; a block whose file exists is skipped.
 *
 * @param key the run's, for its {@link BlockFile}
 * @param blocks how the driver cut the plane (each executor cuts it again and checks)
 * @param statistics the plane's whole-plane statistics, gathered by the driver (null: one block)
 */
record BlockWork(String image, String folder, String key, int blockSize, Blocks blocks, Plane plane, int block,
	PlaneStatistics statistics)
	implements Work {

	@Override
	public String name() {
		return Path.of(image).getFileName() + " " + file().getFileName();
	}

	private Path file() {
		return BlockFile.of(Path.of(folder), plane.z(), plane.t(), block);
	}

	@Override
	public SummaryRow run(Task task, boolean skip) {
		long start = System.nanoTime();
		Path file = file();
		String name = name();
		Integer stored = skip ? BlockFile.objects(file, key) : null;
		if (stored != null) return new SummaryRow(name, SummaryRow.Status.SKIPPED, stored, 0, "");
		try (TiffRegions source = new TiffRegions(Path.of(image))) {
			InstanceSegmentCommand.Blockwise setup = ((InstanceSegmentCommand) task.command()).blockwise(blockSize);
			if (!Segmentation.blocks(setup.runner(), source).equals(blocks)) throw new VisionJException("the image " + image + " is cut into " +
				"other blocks here than on the driver; give the executors the same model and the same files.");
			List<OwnedObject> owned = Segmentation.blockObjects(setup.runner(), source, setup.decoder(), setup.settings(), plane,
				blocks, block, statistics);
			BlockFile.write(file, key, owned);
			return new SummaryRow(name, SummaryRow.Status.OK, owned.size(), (System.nanoTime() - start) / 1e9, "");
		}
		catch (VisionJException e) {
			return new SummaryRow(name, SummaryRow.Status.FAILED, 0, (System.nanoTime() - start) / 1e9, e.getMessage());
		}
	}
}

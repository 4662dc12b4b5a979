package io.github.visionj.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.command.CommandModule;

import ij.IJ;
import ij.ImagePlus;
import ij.plugin.FileInfoVirtualStack;
import ij.process.ByteProcessor;
import io.github.visionj.output.RoiSets;

/**
 * A virtual stack opened in Fiji from a TIFF file (File › Import › TIFF Virtual Stack): segmented
 * in blocks, it is read through its file and its results are written block by block; otherwise
 * it is read into memory, with the results of the image in memory.
 */
class VirtualStackTest {

	private static final String IDENTITY = "src/test/resources/models/identity";

	/** 20 × 16 squares of 9 px on a 40-pixel grid, each of its own grey value. */
	private static ImagePlus squares() {
		int width = 800, height = 640;
		ByteProcessor ip = new ByteProcessor(width, height);
		for (int y = 0; y < height; y++)
			for (int x = 0; x < width; x++)
				if (x % 40 >= 10 && x % 40 < 19 && y % 40 >= 10 && y % 40 < 19) ip.set(x, y, 50 + (x / 40 + 20 * (y / 40)) % 200);
		return new ImagePlus("squares", ip);
	}

	@Test
	void aTiffVirtualStackIsReadThroughItsFileOrIntoMemory(@TempDir Path dir) throws Exception {
		ImagePlus image = squares();
		Path file = dir.resolve("squares.tif");
		assertTrue(IJ.saveAsTiff(image, file.toString()));
		ImagePlus virtual = FileInfoVirtualStack.openVirtual(file.toString());
		assertTrue(virtual.getStack().isVirtual());

		Path memory = dir.resolve("memory"), held = dir.resolve("held"), blocks = dir.resolve("blocks");
		CommandModule m = Commands.run(InstanceSegmentCommand.class, "image", image, "model", IDENTITY, "output", memory.toFile());
		assertFalse(m.isCanceled(), m.getCancelReason());
		m = Commands.run(InstanceSegmentCommand.class, "image", virtual, "model", IDENTITY, "output", held.toFile());
		assertFalse(m.isCanceled(), m.getCancelReason());
		m = Commands.run(InstanceSegmentCommand.class, "image", virtual, "model", IDENTITY, "output", blocks.toFile(),
			"block_size", 256);
		assertFalse(m.isCanceled(), m.getCancelReason());

		assertArrayEquals(labels(memory), labels(held));
		assertEquals(Commands.csv(memory.resolve("squares_results.csv")).getColumnAsVariables("Mean").length,
			Commands.csv(held.resolve("squares_results.csv")).size());
		assertEquals(320, RoiSets.read(blocks.resolve("squares_rois.zip")).size());
		assertEquals(320, Commands.csv(blocks.resolve("squares_results.csv")).size());
		// the same objects, numbered block by block
		float[] inMemory = labels(memory), inBlocks = labels(blocks);
		for (int i = 0; i < inMemory.length; i++)
			assertEquals(inMemory[i] == 0, inBlocks[i] == 0);
		assertEquals(List.of("squares_labels.tif", "squares_overlay.png", "squares_results.csv", "squares_rois.zip"),
			Commands.files(blocks));
	}

	private static float[] labels(Path folder) {
		return (float[]) IJ.openImage(folder.resolve("squares_labels.tif").toString()).getProcessor().convertToFloatProcessor()
			.getPixels();
	}
}

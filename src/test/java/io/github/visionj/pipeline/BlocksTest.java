package io.github.visionj.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import io.github.visionj.decode.DecoderSettings;
import io.github.visionj.decode.Decoders;
import io.github.visionj.decode.InstanceDecoder;
import io.github.visionj.decode.SemanticDecoder;
import io.github.visionj.evaluate.InstanceMatching;
import io.github.visionj.evaluate.Scores;
import io.github.visionj.image.Axis;
import io.github.visionj.image.AxisImage;
import io.github.visionj.image.Calibration;
import io.github.visionj.image.ImageRegions;
import io.github.visionj.image.RowSink;
import io.github.visionj.model.ModelDescription;
import io.github.visionj.engine.TestModelCache;
import net.imglib2.img.array.ArrayImgs;

/**
 * Planes segmented block by block give the objects of the plane segmented whole: each object
 * once, whole, owned by one block, with memory bounded by a band of rows.
 */
class BlocksTest {

	private static final InstanceDecoder FOREGROUND = (InstanceDecoder) Decoders.byKey("foreground");
	private static final DecoderSettings SETTINGS = DecoderSettings.DEFAULTS.withMinSize(4);

	private static ModelRunner identity(int blockSize, Progress progress) {
		return new ModelRunner(TestModels.load("identity"), new RunOptions(0, false, progress, blockSize));
	}

	/**
	 * An 8-bit plane (1 inside, 0 outside) of disks of radius 5..20 on a 97-pixel grid, and
	 * disks centred on the block borders given (rows and columns at multiples of {@code border});
	 * the grid's disks move {@code planeShift} pixels to the right.
	 */
	private static byte[] disks(int width, int height, int border, int planeShift) {
		byte[] pixels = new byte[width * height];
		List<int[]> disks = new ArrayList<>();
		for (int y = 40; y < height - 40; y += 97)
			for (int x = 40 + planeShift; x < width - 40; x += 97)
				disks.add(new int[] { x, y, 5 + ((x - planeShift) * 7 + y * 3) % 16 });
		for (int b = border; b < Math.max(width, height); b += border)
			for (int k = 60; k < Math.min(width, height) - 60; k += 500) {
				disks.add(new int[] { b, k, 18 }); // on a vertical border
				disks.add(new int[] { k + 30, b, 18 }); // on a horizontal border
			}
		for (int[] d : disks)
			for (int y = Math.max(0, d[1] - d[2]); y <= Math.min(height - 1, d[1] + d[2]); y++)
				for (int x = Math.max(0, d[0] - d[2]); x <= Math.min(width - 1, d[0] + d[2]); x++)
					if ((x - d[0]) * (x - d[0]) + (y - d[1]) * (y - d[1]) <= d[2] * d[2]) pixels[y * width + x] = 1;
		return pixels;
	}

	private static AxisImage<?> image8(byte[] pixels, long... dims) {
		return new AxisImage<>(ArrayImgs.unsignedBytes(pixels, dims), dims.length == 2 ? List.of(Axis.X, Axis.Y)
			: List.of(Axis.X, Axis.Y, Axis.Z), Calibration.NONE);
	}

	/** The two label images hold the same objects pixel for pixel, whatever their numbers. */
	private static void assertSameObjects(int[] expected, int[] actual) {
		assertEquals(expected.length, actual.length);
		int n = Math.max(Arrays.stream(expected).max().orElse(0), Arrays.stream(actual).max().orElse(0)) + 1;
		int[] forward = new int[n], backward = new int[n];
		for (int i = 0; i < expected.length; i++) {
			int e = expected[i], a = actual[i];
			if (e == 0 && a == 0) continue;
			if (forward[e] == 0 && backward[a] == 0 && e > 0 && a > 0) {
				forward[e] = a;
				backward[a] = e;
			}
			if (e == 0 || a == 0 || forward[e] != a || backward[a] != e) throw new AssertionError("pixel (" + i % 4000 + ", " +
				i / 4000 + "): label " + e + " expected, " + a + " found");
		}
	}

	/** Receives rows, checks they come in order, and counts them. */
	private static final class Rows implements RowSink {

		final int width;
		final int[] values;
		long next;
		int largest;

		Rows(int width, int height) {
			this.width = width;
			values = new int[width * height];
		}

		@Override
		public void rows(int z, int t, long y0, int rows, int[] v) {
			assertEquals(next, y0, "rows in order without gaps");
			assertEquals(rows * width, v.length);
			System.arraycopy(v, 0, values, (int) y0 * width, v.length);
			next = y0 + rows;
			largest = Math.max(largest, rows);
		}
	}

	@Test
	void aLargePlaneInBlocksGivesTheObjectsOfTheWholePlaneWithABandOfRows() {
		int w = 4000, h = 4000, block = 1024;
		AxisImage<?> image = image8(disks(w, h, block, 0), w, h);
		int[] whole = Segmentation.instances(identity(0, Progress.NONE), image, FOREGROUND, SETTINGS, false, 0.5).planes().get(0)
			.labels();
		ModelRunner runner = identity(block, Progress.NONE);
		Blocks blocks = Blocks.of(runner, w, h);
		assertEquals(16, blocks.count());
		Rows rows = new Rows(w, h);
		List<ObjectMask> objects = new ArrayList<>();
		long[] worstLag = { 0 };
		Segmentation.Summary summary = Segmentation.instances(runner, new ImageRegions(image), FOREGROUND, SETTINGS, rows, o -> {
			objects.add(o);
			// the rows not yet handed on never span more than a block's read height
			worstLag[0] = Math.max(worstLag[0], o.y() + o.height() - rows.next);
		});
		assertEquals(h, rows.next);
		assertTrue(rows.largest <= blocks.maxReadHeight() && worstLag[0] <= blocks.maxReadHeight(),
			rows.largest + " rows at once, " + worstLag[0] + " pending, band of " + blocks.maxReadHeight());
		int count = java.util.Arrays.stream(whole).max().getAsInt();
		assertTrue(count > 1600, count + " objects");
		assertEquals(count, summary.objects());
		assertEquals(0, summary.cut());
		assertSameObjects(whole, rows.values);
		for (int i = 0; i < objects.size(); i++) {
			ObjectMask o = objects.get(i);
			assertEquals(i + 1, o.instance().label()); // consecutive, in the order blocks keep them
			int inBox = 0;
			for (long y = o.y(); y < o.y() + o.height(); y++)
				for (long x = o.x(); x < o.x() + o.width(); x++)
					if (rows.values[(int) (y * w + x)] == i + 1) inBox++;
			assertEquals(o.area(), inBox, "object " + (i + 1));
		}
	}

	@Test
	void coresPartitionThePlaneAndReadRegionsAddTheMarginOnTheModelsGrid() {
		// the nuclei model: size step 16, output on a 2 x 2 grid with a halo of 16 output pixels (32 input pixels)
		Blocks blocks = Blocks.of(new ModelRunner(TestModelCache.get("nuclei"), new RunOptions(0, false, Progress.NONE, 250)), 1000, 700);
		assertEquals(List.of(256, 96, 4, 3), List.of(blocks.size(), blocks.margin(), blocks.columns(), blocks.rows()));
		assertEquals(new Blocks.Block(5, 256, 256, 512, 512, 160, 160, 608, 608), blocks.block(5));
		assertEquals(new Blocks.Block(11, 768, 512, 1000, 700, 672, 416, 1000, 700), blocks.block(11));
		long area = 0;
		for (int i = 0; i < blocks.count(); i++) {
			Blocks.Block b = blocks.block(i);
			area += (b.x1() - b.x0()) * (b.y1() - b.y0());
		}
		assertEquals(1000 * 700, area);
		assertEquals(448, blocks.maxReadHeight());
		// a plane no larger than a block is one block, read whole
		assertEquals(Blocks.whole(250, 180), Blocks.of(new ModelRunner(TestModelCache.get("nuclei"), new RunOptions(0, false,
			Progress.NONE, 256)), 250, 180));
	}

	@Test
	void anObjectWiderThanTheMarginIsCountedAsCut() {
		int w = 1200, h = 1000;
		byte[] pixels = new byte[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				if ((x - 512) * (x - 512) + (y - 300) * (y - 300) <= 200 * 200) pixels[y * w + x] = 1;
		Segmentation.Summary s = Segmentation.instances(identity(512, Progress.NONE), new ImageRegions(image8(pixels, w, h)),
			FOREGROUND, SETTINGS, (z, t, y0, rows, v) -> {}, o -> {});
		// The disk's centroid lies in the second block's core, whose read region cuts its left side; the
		// first block sees the rest of it as an object of its own core: two pieces, both cut.
		assertEquals(2, s.cut());
		assertEquals(2, s.objects());
	}

	@Test
	void semanticBlocksKeepTheirCores() {
		int w = 1500, h = 1100;
		AxisImage<?> image = image8(disks(w, h, 512, 0), w, h);
		SemanticDecoder decoder = (SemanticDecoder) FOREGROUND;
		int[] whole = Segmentation.semantic(identity(0, Progress.NONE), image, decoder, DecoderSettings.DEFAULTS).get(0).result()
			.classes();
		Rows rows = new Rows(w, h);
		Segmentation.semantic(identity(512, Progress.NONE), new ImageRegions(image), decoder, DecoderSettings.DEFAULTS, rows);
		assertArrayEquals(whole, rows.values);
		assertTrue(java.util.Arrays.stream(whole).sum() > 10000);
	}

	@Test
	void aStackInBlocksEqualsTheStackInMemoryAndLinksAcrossZ() {
		int w = 1300, h = 900, planes = 3;
		byte[] pixels = new byte[w * h * planes];
		for (int z = 0; z < planes; z++)
			System.arraycopy(disks(w, h, 512, z), 0, pixels, z * w * h, w * h);
		AxisImage<?> stack = image8(pixels, w, h, planes);
		for (boolean link : new boolean[] { false, true }) {
			InstanceStack whole = Segmentation.instances(identity(0, Progress.NONE), stack, FOREGROUND, SETTINGS, link, 0.5);
			InstanceStack blocks = Segmentation.instances(identity(512, Progress.NONE), stack, FOREGROUND, SETTINGS, link, 0.5);
			assertEquals(whole.count(), blocks.count());
			for (int z = 0; z < planes; z++)
				assertSameObjects(whole.planes().get(z).labels(), blocks.planes().get(z).labels());
			if (link) assertTrue(whole.count() < 2 * whole.planes().get(0).present().size(), "linked: " + whole.count());
		}
	}

	@Test
	void aCancelStopsAtTheNextBlockAndProgressNamesPlaneAndBlock() {
		List<String> stages = new ArrayList<>();
		Progress cancelAfterSecondBlock = new Progress() {
			@Override
			public void report(String stage, long done, long total) {
				stages.add(stage);
			}

			@Override
			public boolean isCanceled() {
				return stages.stream().anyMatch(s -> s.contains("block 2 of"));
			}
		};
		int w = 1500, h = 1100;
		AxisImage<?> image = image8(disks(w, h, 512, 0), w, h);
		assertThrows(CancellationException.class, () -> Segmentation.instances(identity(512, cancelAfterSecondBlock), image,
			FOREGROUND, SETTINGS, false, 0.5));
		List<String> blocks = stages.stream().filter(s -> s.startsWith("Segmenting")).toList();
		assertEquals(2, blocks.size(), stages.toString());
		assertTrue(blocks.get(0).matches("Segmenting plane 1 of 1, block 1 of 9, about \\d+ s left"), blocks.get(0));
		assertEquals("Predicting tiles", stages.get(stages.size() - 2)); // the second block's tiles, then its report, then nothing
	}

	/** The bundled star-convex model on a mosaic of nuclei: objects in blocks match those of the whole plane. */
	@Test
	void starConvexObjectsInBlocksMatchTheWholePlane() throws Exception {
		BufferedImage png = ImageIO.read(BlocksTest.class.getResource("/dsb2018/nuclei.png"));
		int tile = png.getWidth(), n = 2, w = tile * n, h = tile * n;
		byte[] pixels = new byte[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) // mirrored copies, so the mosaic has no seams
				pixels[y * w + x] = (byte) png.getRaster().getSample((x / tile) % 2 == 0 ? x % tile : tile - 1 - x % tile,
					(y / tile) % 2 == 0 ? y % tile : tile - 1 - y % tile, 0);
		AxisImage<?> image = image8(pixels, w, h);
		var nuclei = TestModelCache.get("nuclei");
		ModelDescription d = nuclei.description();
		InstanceDecoder decoder = (InstanceDecoder) Decoders.byKey(d.visionj().decoder());
		DecoderSettings settings = d.visionj().defaults();
		int[] whole = Segmentation.instances(new ModelRunner(nuclei, new RunOptions(0, false, Progress.NONE)), image, decoder,
			settings, false, 0.5).planes().get(0).labels();
		InstanceStack blocks = Segmentation.instances(new ModelRunner(nuclei, new RunOptions(0, false, Progress.NONE, 256)), image,
			decoder, settings, false, 0.5);
		Scores s = InstanceMatching.scores(whole, blocks.planes().get(0).labels(), w, h, 0.5, 0.9).get(1);
		int count = java.util.Arrays.stream(whole).max().getAsInt();
		assertTrue(count > 60, count + " nuclei");
		assertTrue(s.f1() >= 0.95, s.toString());
		assertFalse(blocks.count() > count + 2, blocks.count() + " vs " + count);
	}
}

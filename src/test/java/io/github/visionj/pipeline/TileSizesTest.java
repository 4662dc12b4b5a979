package io.github.visionj.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.visionj.engine.LoadedModel;
import io.github.visionj.image.Axis;
import io.github.visionj.image.AxisTiling;

/**
 * The automatic tile size. The build sets {@value TileSizes#PROPERTY} so that other tests never
 * measure; these tests clear it and use a cache folder of their own.
 */
class TileSizesTest {

	@TempDir
	Path cache;
	private String property, folder;

	@BeforeEach
	void isolate() {
		property = System.clearProperty(TileSizes.PROPERTY);
		folder = System.setProperty("visionj.cache", cache.toString());
	}

	@AfterEach
	void restore() {
		if (property != null) System.setProperty(TileSizes.PROPERTY, property);
		if (folder == null) System.clearProperty("visionj.cache");
		else System.setProperty("visionj.cache", folder);
	}

	/** tiny-conv's tiling: any size from 8 px, halo 4. */
	private static TiledPrediction tiles(LoadedModel model) {
		List<TensorLayout> ins = model.description().inputs().stream().map(TensorLayout::new).toList();
		List<TensorLayout> outs = model.description().outputs().stream().map(TensorLayout::new).toList();
		return new TiledPrediction("tiny-conv", ins, outs, List.of(OutputGeometry.SAME), 0, t -> {
			throw new AssertionError("not asked");
		});
	}

	@Test
	void theSizeWithTheMostInnerPixelsPerSecondWins() {
		TiledPrediction tiles = tiles(TestModels.load("tiny-conv"));
		// a fixed cost of 5 ms a call, and pixels three times as slow beyond 256 x 256 (caches)
		List<Long> timed = new ArrayList<>();
		TileSizes.Measured m = TileSizes.best(tiles, t -> {
			timed.add(t[0].tile());
			double pixels = t[0].tile() * t[1].tile();
			return 0.005 + pixels * (t[0].tile() > 256 ? 3e-7 : 1e-7);
		}, Progress.NONE);
		assertEquals(256, m.tile());
		assertTrue(m.complete());
		assertEquals(List.of(128L, 128L, 192L, 256L, 384L, 512L, 768L, 1024L), timed); // first: the untimed call
		// inner pixels: (256 - 2 * 4)^2 in 5 ms + 256^2 * 100 ns
		assertEquals(248.0 * 248 / (0.005 + 256 * 256 * 1e-7), m.rates().get(256L), 1e-6);
	}

	@Test
	void sizesThatWouldOverrunTheBudgetAreNotTried() {
		TiledPrediction tiles = tiles(TestModels.load("tiny-conv"));
		List<Long> timed = new ArrayList<>();
		TileSizes.Measured m = TileSizes.best(tiles, t -> {
			timed.add(t[0].tile());
			return 1.0 * t[0].tile() * t[1].tile() / (128 * 128); // 2 x 2 calls at 128, 2 at 192: 8.5 s, then 256 needs 8 s
		}, Progress.NONE);
		assertEquals(List.of(128L, 128L, 192L), timed);
		assertEquals(192, m.tile());
		// the small sizes alone are not kept: the run takes the default size
		assertFalse(m.complete());
		assertEquals(RunOptions.MAX_TILE_2D, TileSizes.remembered("busy", TestModels.load("tiny-conv"), () -> m));
		assertTrue(Files.notExists(cache.resolve("tile-size").resolve("busy")));
	}

	@Test
	void aSizeIsMeasuredOnceAndADamagedRecordIsMeasuredAgain() throws Exception {
		LoadedModel model = TestModels.load("tiny-conv");
		AtomicInteger runs = new AtomicInteger();
		TileSizes.Measurement measured = () -> {
			runs.incrementAndGet();
			return new TileSizes.Measured(384, Map.of(256L, 5e5, 384L, 1e6), true);
		};
		String key = TileSizes.key(model);
		assertEquals(384, TileSizes.remembered(key, model, measured));
		assertEquals(384, TileSizes.remembered(key, model, measured));
		assertEquals(1, runs.get());
		Path file = cache.resolve("tile-size").resolve(key).resolve("tile-size.properties");
		Properties p = new Properties();
		try (var r = Files.newBufferedReader(file)) {
			p.load(r);
		}
		assertEquals("384", p.getProperty("tile"));
		assertEquals(model.description().weights().sha256(), p.getProperty("weights"));
		assertEquals("1000000", p.getProperty("pixels-per-second.384"));

		Files.writeString(file, "tile = many\n");
		assertEquals(384, TileSizes.remembered(key, model, measured));
		assertEquals(2, runs.get());
		assertEquals("tile = many\n", Files.readString(file));

		// the sizes up to 512 px not all timed within the budget: the default size, and nothing remembered
		TileSizes.Measurement busy = () -> {
			runs.incrementAndGet();
			return new TileSizes.Measured(128, Map.of(128L, 1e3), false);
		};
		assertEquals(RunOptions.MAX_TILE_2D, TileSizes.remembered("other", model, busy));
		assertEquals(RunOptions.MAX_TILE_2D, TileSizes.remembered("other", model, busy));
		assertEquals(4, runs.get());
		assertTrue(Files.notExists(cache.resolve("tile-size").resolve("other")));
	}

	/** A cache entry written beforehand (as another run would leave it) sets the tiles of a large plane. */
	@Test
	void theRunnerTilesWithTheRememberedSize() throws Exception {
		LoadedModel model = TestModels.load("tiny-conv");
		Path entry = Files.createDirectories(cache.resolve("tile-size").resolve(TileSizes.key(model)));
		Files.writeString(entry.resolve("tile-size.properties"), "tile=128\n");
		List<Long> totals = new ArrayList<>();
		ModelRunner runner = new ModelRunner(model,
			new RunOptions(0, false, TestModels.reporting((stage, done, total) -> totals.add(total))));
		int before = TileSizes.MEASUREMENTS.get();
		runner.maps(TestModels.random(1, List.of(Axis.X, Axis.Y), 300, 260), new Plane(0, 0), TestModels.CLASS_MAPS);
		assertEquals(before, TileSizes.MEASUREMENTS.get());
		assertEquals(List.of(9L), totals.stream().distinct().toList()); // 128-pixel tiles step by 120: 3 x 3
	}

	/** The real measurement, on tiny-conv: short, and its choice is one of the sizes it timed. */
	@Test
	void measuringTheNetworkPicksATimedSize() {
		LoadedModel model = TestModels.load("tiny-conv");
		List<String> stages = new ArrayList<>();
		TileSizes.Measured m = TileSizes.best(tiles(model), TileSizes.timer(model.network(),
			model.description().inputs().stream().map(TensorLayout::new).toList()),
			TestModels.reporting((stage, done, total) -> stages.add(stage)));
		assertTrue(m.rates().containsKey(m.tile()), m.toString());
		assertTrue(m.rates().values().stream().allMatch(r -> r > 0), m.toString());
		assertEquals(List.of(TileSizes.STAGE), stages.stream().distinct().toList());
		AxisTiling[] smallest = tiles(model).tilings(new long[] { 1 << 20, 1 << 20 }, true, 128);
		assertEquals(128, smallest[0].tile());
	}
}

package io.github.visionj.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.github.visionj.decode.DecoderSettings;
import io.github.visionj.decode.Instance;
import io.github.visionj.decode.InstanceDecoder;
import io.github.visionj.decode.Instances;
import io.github.visionj.image.FloatTensor;
import io.github.visionj.image.Tensors;

/**
 * Instance segmentation block by block in one process: each block decoded into the objects it
 * owns ({@link #decode}), handed to an {@link ObjectAssembly}.
 */
final class BlockObjects implements Segmentation.BlockTask {

	private final ModelRunner runner;
	private final InstanceDecoder decoder;
	private final DecoderSettings settings;
	private final ObjectAssembly assembly;
	private Blocks blocks;

	BlockObjects(ModelRunner runner, InstanceDecoder decoder, DecoderSettings settings, ObjectAssembly assembly) {
		this.runner = runner;
		this.decoder = decoder;
		this.settings = settings;
		this.assembly = assembly;
	}

	@Override
	public void startPlane(Plane plane, Blocks blocks) {
		this.blocks = blocks;
		assembly.startPlane(plane, blocks);
	}

	@Override
	public void block(Blocks.Block block, FloatTensor maps) {
		assembly.add(block, decode(runner, decoder, settings, blocks, block, maps));
	}

	@Override
	public void endPlane() {
		assembly.endPlane();
	}

	/**
	 * Decodes a block's read region ({@code maps}, [C, Y, X] at the model's output scale) and keeps
	 * the objects whose centroid lies in the block's core, in the decoder's order.
	 */
	static List<OwnedObject> decode(ModelRunner runner, InstanceDecoder decoder, DecoderSettings settings, Blocks blocks,
		Blocks.Block block, FloatTensor maps)
	{
		int w = block.readWidth(), h = block.readHeight();
		Instances found = decoder.decodeInstances(Tensors.toPlaneSize(maps, 1, runner.upscale(), w, h), runner.grid(), w, h,
			settings);
		int n = found.count();
		int[] labels = found.labels(), area = new int[n + 1], minX = new int[n + 1], minY = new int[n + 1], maxX = new int[n + 1],
			maxY = new int[n + 1];
		long[] sumX = new long[n + 1], sumY = new long[n + 1];
		Arrays.fill(minX, Integer.MAX_VALUE);
		Arrays.fill(minY, Integer.MAX_VALUE);
		for (int y = 0, i = 0; y < h; y++)
			for (int x = 0; x < w; x++, i++) {
				int l = labels[i];
				if (l == 0) continue;
				area[l]++;
				sumX[l] += x;
				sumY[l] += y;
				minX[l] = Math.min(minX[l], x);
				minY[l] = Math.min(minY[l], y);
				maxX[l] = Math.max(maxX[l], x);
				maxY[l] = Math.max(maxY[l], y);
			}
		List<OwnedObject> owned = new ArrayList<>();
		for (Instance o : found.objects()) {
			int l = o.label();
			if (area[l] == 0 || !block.coreContains(block.readX0() + sumX[l] / area[l], block.readY0() + sumY[l] / area[l]))
				continue;
			// Reaching the edge of the read region inside the plane, the object may go on beyond it.
			boolean cut = minX[l] == 0 && block.readX0() > 0 || minY[l] == 0 && block.readY0() > 0 || maxX[l] == w - 1 &&
				block.readX1() < blocks.width() || maxY[l] == h - 1 && block.readY1() < blocks.height();
			int bw = maxX[l] - minX[l] + 1, bh = maxY[l] - minY[l] + 1;
			boolean[] mask = new boolean[bw * bh];
			for (int y = minY[l]; y <= maxY[l]; y++)
				for (int x = minX[l]; x <= maxX[l]; x++)
					mask[(y - minY[l]) * bw + x - minX[l]] = labels[y * w + x] == l;
			owned.add(new OwnedObject(o.classIndex(), o.score(), block.readX0() + minX[l], block.readY0() + minY[l], bw, bh, mask, cut));
		}
		return owned;
	}
}

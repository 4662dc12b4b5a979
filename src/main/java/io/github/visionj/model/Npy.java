package io.github.visionj.model;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.visionj.VisionJException;
import io.github.visionj.image.FloatTensor;

/**
 * NumPy {@code .npy} files (format versions 1 to 3), as bioimage.io test tensors are stored:
 * little-endian float32, float64, uint8, uint16, int32 or int64 in C order are read; float32 is written.
 */
public final class Npy {

	private static final byte[] MAGIC = { (byte) 0x93, 'N', 'U', 'M', 'P', 'Y' };
	private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
	private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
	private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

	private Npy() {}

	public static FloatTensor read(Path file) {
		try (InputStream stream = Files.newInputStream(file); DataInputStream in = new DataInputStream(stream)) {
			byte[] magic = in.readNBytes(8);
			if (magic.length < 8 || !Arrays.equals(Arrays.copyOf(magic, 6), MAGIC)) throw unreadable(file, "it is not a .npy file");
			ByteBuffer lengthBytes = ByteBuffer.wrap(in.readNBytes(magic[6] == 1 ? 2 : 4)).order(ByteOrder.LITTLE_ENDIAN);
			int headerLength = magic[6] == 1 ? Short.toUnsignedInt(lengthBytes.getShort()) : lengthBytes.getInt();
			String header = new String(in.readNBytes(headerLength), StandardCharsets.ISO_8859_1);
			String descr = group(DESCR, header, file);
			if (group(FORTRAN, header, file).equals("True")) throw unreadable(file, "it is in Fortran order");
			long[] shape = Arrays.stream(group(SHAPE, header, file).split(",")).map(String::trim).filter(s -> !s.isEmpty())
				.mapToLong(Long::parseLong).toArray();
			FloatTensor tensor = FloatTensor.zeros(shape);
			int itemSize = switch (descr) {
				case "|u1", "<u1", "|i1" -> 1;
				case "<u2" -> 2;
				case "<f4", "<i4" -> 4;
				case "<f8", "<i8" -> 8;
				default -> throw unreadable(file, "its data type " + descr + " is not one of float32, float64, uint8, uint16, int32, int64 (little endian)");
			};
			float[] data = tensor.data();
			byte[] bytes = in.readNBytes(data.length * itemSize);
			if (bytes.length != data.length * itemSize) throw unreadable(file, "it ends before its " + data.length + " values");
			ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
			for (int i = 0; i < data.length; i++)
				data[i] = switch (descr) {
					case "<f4" -> b.getFloat();
					case "<f8" -> (float) b.getDouble();
					case "<i4" -> b.getInt();
					case "<i8" -> b.getLong();
					case "<u2" -> Short.toUnsignedInt(b.getShort());
					case "|i1" -> b.get();
					default -> Byte.toUnsignedInt(b.get());
				};
			return tensor;
		}
		catch (IOException e) {
			throw new VisionJException("Cannot read the tensor file " + file + " (" + e.getMessage() + "); check that it exists and is readable.", e);
		}
	}

	/** Writes a little-endian float32 {@code .npy} file (format version 1.0). */
	public static void write(Path file, FloatTensor tensor) {
		StringBuilder shape = new StringBuilder();
		for (long s : tensor.shape())
			shape.append(s).append(", ");
		String dims = tensor.rank() == 1 ? shape.substring(0, shape.length() - 1) : shape.length() > 0 ? shape.substring(0,
			shape.length() - 2) : "";
		StringBuilder header = new StringBuilder("{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }");
		// NumPy pads the header with spaces so the data starts at a multiple of 64 bytes
		while ((10 + header.length() + 1) % 64 != 0)
			header.append(' ');
		header.append('\n');
		float[] data = tensor.data();
		ByteBuffer body = ByteBuffer.allocate(10 + header.length() + 4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
		body.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length())
			.put(header.toString().getBytes(StandardCharsets.ISO_8859_1));
		body.asFloatBuffer().put(data);
		try (OutputStream out = Files.newOutputStream(file)) {
			out.write(body.array());
		}
		catch (IOException e) {
			throw new VisionJException("Cannot write the tensor file " + file + " (" + e.getMessage() + "); choose a writable folder.", e);
		}
	}

	private static String group(Pattern p, String header, Path file) {
		Matcher m = p.matcher(header);
		if (!m.find()) throw unreadable(file, "its header " + header.trim() + " lacks " + p.pattern().split("'")[1]);
		return m.group(1);
	}

	private static VisionJException unreadable(Path file, String why) {
		return new VisionJException("Cannot read the tensor file " + file + ": " + why + "; save it with numpy.save as float32.");
	}
}

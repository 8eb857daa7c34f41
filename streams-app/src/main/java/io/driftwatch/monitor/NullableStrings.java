package io.driftwatch.monitor;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/** The monitor's internal encodings write an optional string as a presence flag and the string ("" when absent). */
final class NullableStrings {

    private NullableStrings() {
    }

    static void write(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        out.writeUTF(s == null ? "" : s);
    }

    static String read(DataInputStream in) throws IOException {
        boolean present = in.readBoolean();
        String s = in.readUTF();
        return present ? s : null;
    }
}

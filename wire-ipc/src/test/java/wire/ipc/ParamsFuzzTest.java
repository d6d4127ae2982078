package wire.ipc;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import wire.protocol.Json;
import wire.protocol.RpcException;

/**
 * Coverage-guided fuzzing of every method's params alone ({@code Params.decode} and
 * {@code Params.requireNone} through {@link CheckedParams}): any JSON value as the params of any
 * method of PROTOCOL.md decodes to a record that took only known members, names only valid
 * sessions and survives encode then decode, or is refused with {@code -32602} naming the member
 * or {@code -32006} naming the bad session name. Never another exception.
 *
 * <p>An input is the method's name, a newline, then the params as JSON text (inputs that are not
 * JSON are left to {@link JsonRpcCodecFuzzTest}). The seeds, {@code ParamsFuzzTestInputs/}, hold
 * valid and refused params of each method; the dictionary holds every member name and enum value.
 */
class ParamsFuzzTest {

    @FuzzTest
    @DictionaryFile(resourcePath = "params.dict")
    void anyParamsOfAnyMethodDecodeOrAreRefusedNamingTheMember(byte[] input) throws IOException {
        int newline = indexOf(input, (byte) '\n');
        if (newline < 0) {
            return;
        }
        String method = new String(input, 0, newline, StandardCharsets.UTF_8);
        JsonNode params;
        try {
            params = Json.mapper().readTree(Arrays.copyOfRange(input, newline + 1, input.length));
        } catch (IOException notJson) {
            return;
        }
        try {
            CheckedParams.decode(method, params == null || params.isMissingNode() ? null : params);
        } catch (RpcException refused) {
            // CheckedParams has checked the refusal names its culprit; an unknown method is no finding
        }
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}

// The docs/sparql.md recipe for Jena's QueryExecutionHTTP with the token as a Bearer header,
// run by tests/api_sparql/test_sparql_comunica_jena.py (java's single-file source launcher).
// Usage: IPAS_TOKEN=... java -cp JENA JenaSelect.java ENDPOINT QUERY  -> the results as CSV
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.ResultSetFormatter;
import org.apache.jena.sparql.exec.http.QueryExecutionHTTP;

public class JenaSelect {
    public static void main(String[] args) {
        try (QueryExecution qe = QueryExecutionHTTP.service(args[0]).query(args[1])
                .httpHeader("Authorization", "Bearer " + System.getenv("IPAS_TOKEN")).build()) {
            ResultSetFormatter.outputAsCSV(System.out, qe.execSelect());
        }
    }
}

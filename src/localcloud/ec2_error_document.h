// Ec2ErrorDocument: the error response EC2 answers a refused call with —
//   <?xml version="1.0" encoding="UTF-8"?>
//   <Response><Errors><Error><Code>…</Code><Message>…</Message></Error></Errors>
//   <RequestID>…</RequestID></Response>
// (on one line after the declaration), made from a Status built by Ec2Error
// (localcloud/ec2_error.h). Pure functions; thread-safe.
#ifndef SPOTRUN_LOCALCLOUD_EC2_ERROR_DOCUMENT_H_
#define SPOTRUN_LOCALCLOUD_EC2_ERROR_DOCUMENT_H_

#include <string>
#include <string_view>

#include "base/status.h"
#include "http/http_types.h"

namespace spotrun {

// The document for `error` (must not be ok), code and message XML-escaped. A Status without
// an AWS code (a bug or an unexpected failure below the model) becomes EC2's InternalError
// carrying the Status's message.
std::string Ec2ErrorDocument(const Status& error, std::string_view request_id);

// The whole response: the document, Content-Type "text/xml;charset=UTF-8" as EC2 sends it,
// and the Status's HTTP status (from HttpStatusForEc2Error when the Status has none; 500
// for an InternalError made from a Status without a code).
HttpResponse Ec2ErrorResponse(const Status& error, std::string_view request_id);

}  // namespace spotrun

#endif  // SPOTRUN_LOCALCLOUD_EC2_ERROR_DOCUMENT_H_

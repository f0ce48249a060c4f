-- Reports filed by other systems through Open311's POST requests: their reporters have no
-- chat, so nothing is ever sent to them (the filing system follows the report by its token).
ALTER TYPE "Channel" ADD VALUE 'open311';
